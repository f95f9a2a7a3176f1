"""Payment-fact extraction: language pipelines, money, periods, companies, relations."""
