"""Company mentions: names, canonical forms, descriptors, back-references, parent links."""

from __future__ import annotations

import pytest

from pipeline.facts.companies import find_mentions
from pipeline.facts.gazetteer import canonical_name
from pipeline.facts.links import find_links


@pytest.mark.parametrize("raw,canonical", [
    ("Microsoft Corporation", "Microsoft"),
    ("Microsoft Corp.", "Microsoft"),
    ("Microsoft's", "Microsoft"),
    ("AWS", "Amazon Web Services"),
    ("Quorvex Systems GmbH", "Quorvex Systems"),
    ("Tellavia S.p.A.", "Tellavia"),
    ("Brinmoor Holdings plc", "Brinmoor"),
    ("Zentrix Labs", "Zentrix Labs"),
])
def test_canonical_names(raw: str, canonical: str) -> None:
    assert canonical_name(raw) == canonical


def names(text: str, lang: str) -> list[str]:
    return [m.name for m in find_mentions(text, lang) if m.kind == "name"]


def test_unknown_companies_and_sentence_initial_words() -> None:
    assert names("Secondo Borvale, Acme Robotics paga Zentrix Labs.", "it") == [
        "Acme Robotics", "Zentrix Labs"]
    assert "Laut" not in " ".join(names("Laut Branchenkreisen zahlt Orvane an Telmark.", "de"))
    assert names("Selon Ardent, Pelion verse à Quimby.", "fr")[0] == "Pelion"


@pytest.mark.parametrize("text,lang,source,parties", [
    ("According to Reuters, Orvane pays Telmark $5m a year.", "en", "Reuters",
     ["Orvane", "Telmark"]),
    ("Secondo la Gazzetta dello Sport, Ferrari paga Orvane.", "it", "Sport",
     ["Ferrari", "Orvane"]),
    ("Dem Fachmagazin Sponsors zufolge zahlt Orvane an Telmark.", "de", "Sponsors",
     ["Orvane", "Telmark"]),
    ("Según Expansión, Orvane paga a Telmark.", "es", "Expansión", ["Orvane", "Telmark"]),
    ("D'après Les Echos, Orvane verse à Telmark.", "fr", "Echos", ["Orvane", "Telmark"]),
])
def test_the_source_of_a_report_is_no_party(text: str, lang: str, source: str,
                                            parties: list[str]) -> None:
    found = names(text, lang)
    assert not any(source in n for n in found) and found == parties


@pytest.mark.parametrize("text,lang,source,parties", [
    ("Le gestionnaire a attribué à Telmark un marché de 510 millions d'euros, révèle "
     "L'Echo.", "fr", "Echo", ["Telmark"]),
    ("Orvane verserà a Telmark 16 milioni l'anno, riporta il Sole 24 Ore.", "it", "Sole",
     ["Orvane", "Telmark"]),
    ("Orvane pagará a Telmark 5 millones, publica Expansión.", "es", "Expansión",
     ["Orvane", "Telmark"]),
    ("Orvane zahlt Telmark jährlich 5 Millionen Euro, berichtet das Handelsblatt.", "de",
     "Handelsblatt", ["Orvane", "Telmark"]),
    ("Orvane will pay Telmark $5m a year, reported the Financial Times.", "en", "Financial",
     ["Orvane", "Telmark"]),
])
def test_the_name_after_a_report_verb_is_its_source(text: str, lang: str, source: str,
                                                     parties: list[str]) -> None:
    """", révèle L'Echo": a report verb after a comma (companies.toml `source_verbs`) and
    the name that closes the clause: who reports, not who pays."""
    found = names(text, lang)
    assert not any(source in n for n in found) and found == parties


@pytest.mark.parametrize("text,lang,party", [
    ("Orvane a payé 5 millions d'euros, révèle Telmark dans un communiqué.", "fr", "Telmark"),
    ("Le rapport, révèle que Telmark a reçu 5 millions d'euros.", "fr", "Telmark"),
])
def test_a_report_verb_not_closing_on_its_subject_names_no_source(text: str, lang: str,
                                                                   party: str) -> None:
    assert party in names(text, lang)


def test_an_ordinal_is_not_according_to() -> None:
    assert names("Nel secondo trimestre Orvane ha pagato a Telmark 5 milioni.", "it") == [
        "Orvane", "Telmark"]


@pytest.mark.parametrize("text,lang,expected", [
    ("Qatar Airways ordered 50 Boeing 777-9X jets.", "en", ["Qatar Airways", "Boeing"]),
    ("Alitalia ordina 15 A320neo ad Airbus.", "it", ["Alitalia", "Airbus"]),
    ("Die Bundeswehr kauft F-35A bei Lockheed Martin.", "de", ["Bundeswehr", "Lockheed Martin"]),
])
def test_model_designators_are_products_not_companies(text: str, lang: str,
                                                      expected: list[str]) -> None:
    assert names(text, lang) == expected


@pytest.mark.parametrize("text,lang,expected", [
    ("Velmora ha scelto la piattaforma IoT della start-up Quintelo.", "it",
     ["Velmora", "Quintelo"]),
    ("Brantwell moves its CRM and ERP systems to Orvisto's SaaS cloud.", "en",
     ["Brantwell", "Orvisto"]),
    ("Das Werk kauft LNG und HVDC-Kabel bei Norvanta.", "de", ["Norvanta"]),
    ("La Ville confie à Tessaro un contrat EPC pour la centrale.", "fr", ["Tessaro"]),
])
def test_technology_acronyms_are_never_companies(text: str, lang: str,
                                                 expected: list[str]) -> None:
    """rules/technology_terms.txt, read in every language."""
    assert [n for n in names(text, lang) if n != "Ville"] == expected


def test_a_date_ends_a_name() -> None:
    assert names("Oracle Ende Juni an die Börsenaufsicht.", "de")[0] == "Oracle"
    assert names("Zentrix March filing", "en")[0] == "Zentrix"


def test_an_institution_with_its_adjectives_is_one_name() -> None:
    assert names("La Marina militare statunitense ha affidato a Leonardo la fornitura.",
                 "it") == ["Marina militare statunitense", "Leonardo"]
    assert names("Per il 2009 la Provincia autonoma di Trento riconoscerà a Trenitalia.",
                 "it")[0] == "Provincia autonoma di Trento"


@pytest.mark.parametrize("text,lang,first", [
    # the field of an official body in lower case, after an article
    ("La Direction générale de l'armement a confié à Arquus un contrat.", "fr",
     "Direction générale de l'armement"),
    ("La Délégation générale pour l'armement a commandé à Thalvio des radios.", "fr",
     "Délégation générale pour l'armement"),
    ("L'Autorité de la concurrence a infligé une amende à Vorlane.", "fr",
     "Autorité de la concurrence"),
    ("L'Agenzia delle entrate ha pagato Sogrena.", "it", "Agenzia delle entrate"),
    # the field's own lower-case field, one or two links more
    ("L'Agence norvégienne des matériels de défense a commandé à Thalvio des jumelles.",
     "fr", "Agence norvégienne des matériels de défense"),
    ("L'Autorité de régulation des communications électroniques a payé Vorlane.", "fr",
     "Autorité de régulation des communications électroniques"),
    ("La Dirección general de tráfico de carreteras pagó a Velmora 3 millones.", "es",
     "Dirección general de tráfico de carreteras"),
    # a coordinated link of the field ("et de", "et des")
    ("Le Syndicat d'élimination et de valorisation des déchets a payé Octeva.", "fr",
     "Syndicat d'élimination et de valorisation des déchets"),
    ("L'Autorité des routes et des transports a versé à Alstom 2 milliards.", "fr",
     "Autorité des routes et des transports"),
    # adjectives end the name where a verb follows them
    ("La Banque européenne paie chaque mois à Marvelle un loyer.", "fr", "Banque européenne"),
    ("La Commission européenne verse à Marvelle une redevance.", "fr",
     "Commission européenne"),
    ("Il ministero della Difesa polacco paga a Vetrelli un canone.", "it",
     "ministero della Difesa polacco"),
    ("Il Consorzio ospedaliero Alto Canavese paga a Vetrelli un canone.", "it",
     "Consorzio ospedaliero Alto Canavese"),
    # Spanish heads of public administration (companies.toml institution_heads) carry their
    # "de la" chain
    ("La Jefatura de Asuntos Económicos de la Guardia Civil pagará 46.583 euros a Gahn.",
     "es", "Jefatura de Asuntos Económicos de la Guardia Civil"),
    ("La Mancomunidad de los Canales del Taibilla adjudicó a Dragados la obra.", "es",
     "Mancomunidad de los Canales del Taibilla"),
    # armed forces and police as heads: an adjective of nationality stays with them
    ("La Armada chilena encargó a Navalor dos patrulleros.", "es", "Armada chilena"),
    ("El Ejército peruano ha adjudicado a Velkor un contrato.", "es", "Ejército peruano"),
])
def test_an_institution_with_its_field_is_one_name(text: str, lang: str, first: str) -> None:
    assert names(text, lang)[0] == first


def test_the_state_after_an_article_is_a_party_and_a_purpose_is_no_name() -> None:
    # "stato" is also the participle "been": the State only as a capitalised head
    assert names("Il corrispettivo che lo Stato versa a Poste per il servizio universale.",
                 "it") == ["Stato", "Poste"]
    assert names("Il contratto è stato firmato da Poste.", "it") == ["Poste"]
    assert names("Lo pagará al Estado la empresa Correos.", "es")[0] == "Estado"


@pytest.mark.parametrize("text,lang,expected", [
    # an address is a newsroom's metonym for its tenant, never the party itself
    ("Nell'accordo con Rcs Sport, viale Mazzini verserà alla società 11 milioni.", "it",
     ["RCS Sport"]),
    ("La società di viale del Fante verserà al Comune di Palermo un canone.", "it",
     ["Comune di Palermo"]),
    ("Le siège de la rue de Rivoli est loué à Vorlane.", "fr", ["Vorlane"]),
    ("Viale Mazzini si è assicurata la corsa: verserà a Rcs Sport 12 milioni.", "it",
     ["RCS Sport"]),
    # a verb opening a sentence is no name; a known company that looks like one stays
    ("Finisce il binomio tra il Milan e Adidas.", "it", ["Milan", "Adidas"]),
    ("Acciona firma con Renfe un contrato.", "es", ["Acciona", "Renfe"]),
    # an infinitive opening the sentence is its subject clause, no name
    ("Uscire dal contratto con Vetrelli costerà a Cedacri 100 milioni.", "it",
     ["Vetrelli", "Cedacri"]),
    ("Firmar con Indra costará al Gobierno 5 millones.", "es", ["Indra", "Gobierno"]),
])
def test_addresses_and_opening_verbs_are_no_names(text: str, lang: str,
                                                  expected: list[str]) -> None:
    assert names(text, lang) == expected


@pytest.mark.parametrize("text,lang,expected", [
    # a town's adjective and a plural noun name a municipal company; a descriptor does not
    ("Die Wiener Linien vergeben den Auftrag an Bombardier.", "de", ["Wiener Linien", "Bombardier"]),
    ("Der Wiener Konzern Kapsch zahlt.", "de", ["Kapsch"]),
    ("Auch Ausrüster Vorland überweist dem Klub 30 Millionen Euro.", "de", ["Vorland"]),
    # a title opening a run, or an official's title before it, makes a person
    ("Mayor John Smith said the city pays Veolia $2 million a year.", "en", ["Veolia"]),
    ("El teniente de alcaldesa José Díaz dice que el consistorio paga a OHL.", "es", ["OHL"]),
])
def test_municipal_names_descriptors_and_officials(text: str, lang: str,
                                                   expected: list[str]) -> None:
    assert names(text, lang) == expected


@pytest.mark.parametrize("text,expected", [
    ("NASA has picked Jeff Bezos' Blue Origin to build a lander.", ["NASA", "Blue Origin"]),
    # a company's "s'" keeps its name: only a person's possessive gives way
    ("Velarix won an extension at Gold Fields' Agnew mine.", ["Velarix", "Gold Fields", "Agnew"]),
])
def test_a_persons_plural_possessive_gives_way_to_the_company(text: str,
                                                              expected: list[str]) -> None:
    """"Jeff Bezos' Blue Origin": a person's possessive written with a bare apostrophe owns
    the company after it, which is the party (rules/<lang>/given_names.txt)."""
    assert names(text, "en") == expected


def test_a_country_in_the_possessive_qualifies_the_name_after_it() -> None:
    assert names("Samsung Engineering, South Korea's biggest plant builder, won an order from "
                 "Saudi Aramco.", "en") == ["Samsung Engineering", "Saudi Aramco"]
    assert "Kuwait" in names("Kuwait's armed forces have placed an order with Airbus.", "en")


def test_german_descriptor_nouns_are_not_part_of_the_name() -> None:
    text = "Der Versandhändler Kornblum zahlt dem Kölner Softwarehaus Tessin Data jährlich."
    assert names(text, "de") == ["Kornblum", "Tessin Data"]
    # the doer's feminine form, after an article ("die Stadionbetreiberin X")
    text = "Die Parkhausbetreiberin Kornblum zahlt der Stadt Lindau jährlich 30.000 Euro."
    assert names(text, "de") == ["Kornblum", "Stadt Lindau"]


@pytest.mark.parametrize("text,expected", [
    ("Die Brauerei Kessler zahlt dem Kölner SC jährlich 90.000 Euro.", ["Kessler", "Kölner SC"]),
    ("Der Karlsruher SC bekommt von Klaiber Markisen jährlich 500.000 Euro.", ["Karlsruher SC", "Klaiber Markisen"]),
    # the town's adjective still introduces a name that is no club's form
    ("Der Lübecker Versandhändler Kornblum zahlt dem VfB Eichstätt jährlich 80.000 Euro.",
     ["Kornblum", "VfB Eichstätt"]),
])
def test_a_towns_adjective_before_a_clubs_form_is_the_clubs_name(text: str,
                                                                 expected: list[str]) -> None:
    """"der Hamburger SV": the adjective is the club's name (companies.toml name_forms), not
    a descriptor of a name after it, as in "der Hamburger Versandhändler Otto"."""
    assert names(text, "de") == expected


@pytest.mark.parametrize("text,lang,payer", [
    ("Velarix hat einen Großauftrag in Bulgarien gewonnen. Das Land zahlt dem Unternehmen "
     "77 Millionen Euro.", "de", "Bulgarien"),
    ("Serbia has ordered 12 jets from Orvane. The country will pay Orvane 2.7 billion euros.",
     "en", "Serbia"),
    ("Orvane a signé avec les Émirats arabes unis. Le pays versera 16 milliards d'euros à "
     "Orvane.", "fr", "Émirats arabes unis"),
])
def test_the_country_stands_for_the_country_named_before(text: str, lang: str,
                                                         payer: str) -> None:
    """"das Land", "the country", "le pays" (companies.toml `country_corefs`): the country
    named last before it, even as a place ("in Bulgarien"), never a company."""
    from pipeline.facts.extractor import Extractor

    facts = Extractor().extract(text, lang).facts
    assert [(f.payer, f.payee) for f in facts] == [(payer, "Orvane" if lang != "de" else
                                                    "Velarix")]


def test_the_country_under_a_locative_or_in_the_genitive_is_no_party() -> None:
    text = ("Velarix debuta en el país con un contrato. La Comisión de Aviación del país le "
            "pagará 4 millones de euros.")
    assert all(m.kind != "coref" for m in find_mentions(text, "es"))


@pytest.mark.parametrize("text,expected", [
    ("The England and Wales Cricket Board signed with Sky Sports.",
     ["England and Wales Cricket Board", "Sky Sports"]),
    ("Velarix pays the Kent and Sussex Rowing Association £2m a year.",
     ["Velarix", "Kent and Sussex Rowing Association"]),
    # a name the gazetteer knows on the left stays a company of its own
    ("Siemens and Alstom Signalling Systems won the order.",
     ["Siemens", "Alstom Signalling Systems"]),
])
def test_two_field_words_and_a_tail_after_one_name_are_one_body(text: str,
                                                                 expected: list[str]) -> None:
    """"England and Wales Cricket Board": a name, "and", then two or more words closed by a
    body's head (companies.toml `coordinated_tails`) make one body, not two companies."""
    assert names(text, "en") == expected


@pytest.mark.parametrize("text,lang,expected", [
    ("Silverstone pays Formula 1 about $26 million a year.", "en", ["Silverstone", "Formula 1"]),
    ("Velarix pays Kessler 4 $2 million a year.", "en", ["Velarix", "Kessler 4"]),
    ("Orvane versa a Serie 2 circa 20 milioni di euro.", "it", ["Orvane", "Serie 2"]),
    # the amount's own number is no number of a name
    ("Velarix paid Kessler 2 million dollars.", "en", ["Velarix", "Kessler"]),
])
def test_a_number_right_before_an_amount_is_the_names(text: str, lang: str,
                                                      expected: list[str]) -> None:
    """"pays Formula 1 about $26 million": a one- or two-digit number directly before an
    amount, or before the hedge that opens it, counts nothing: it ends the name."""
    from pipeline.facts.money import find_amounts

    masks = [(a.start, a.end) for a in find_amounts(text, lang)]
    assert [m.name for m in find_mentions(text, lang, masks=masks) if m.kind == "name"] == \
        expected


@pytest.mark.parametrize("text,lang,expected", [
    ("Gemeinsam mit der spanischen Dragados Offshore errichtet Velarix zwei Stationen für "
     "Amprion.", "de", ["Velarix", "Amprion"]),
    ("Velarix will build the lander alongside Orvane and Kessler for NASA.", "en",
     ["Velarix", "NASA"]),
    ("La creadora de ChatGPT impulsa el proyecto junto a Oracle y SoftBank.", "es",
     ["OpenAI"]),
    ("Leonardo costruirà le navi insieme a Fincantieri per la Marina.", "it",
     ["Leonardo", "Marina"]),
    ("Thales livrera les radars aux côtés de Safran pour la DGA.", "fr", ["Thales", "DGA"]),
    # the marker governs a noun: the name after the comma is no partner
    ("It said that alongside the purchase, Citi handed Velarix a contract.", "en",
     ["Citi", "Velarix"]),
])
def test_a_partner_after_an_ally_marker_is_no_party(text: str, lang: str,
                                                     expected: list[str]) -> None:
    """"gemeinsam mit", "together with", "junto a": the partner stands on the side of the
    one it accompanies (companies.toml `ally_markers`), never across a payment from it."""
    assert names(text, lang) == expected


@pytest.mark.parametrize("text,expected", [
    ("Die Jugendsparte des Ruderverbands Nordmark zahlt Velarix jährlich 90.000 Euro.",
     ["Nordmark", "Velarix"]),
    # after the genitive of "Typ", the product's name (product_heads) is no party
    ("Die Stadt Lindau kauft 40 Busse des Typs Orvane für 20 Millionen Euro bei der Firma "
     "Kessler.", ["Stadt Lindau", "Kessler"]),
    # a noun after "des" that is no genitive keeps the name whole
    ("Der Sponsor des Hamburger SV, Kornblum, zahlt jährlich 90.000 Euro.",
     ["Hamburger SV", "Kornblum"]),
])
def test_a_nouns_genitive_after_des_describes_the_name(text: str, expected: list[str]) -> None:
    """"des (norwegischen) Skiverbands Norges Skiforbund": a common noun's genitive
    (simplemma's lemma is the word less its "-s" and has a plural) opens no name."""
    assert names(text, "de") == expected


@pytest.mark.parametrize("text,expected", [
    ("Die Verkehrsbetriebe bestellen Strassenbahnen bei Stadler für 80 Millionen Franken.",
     ["Stadler"]),
    ("Die Massnahmen kosten die Kornblum AG 3 Millionen Franken.", ["Kornblum"]),
])
def test_swiss_spellings_of_common_nouns_are_no_names(text: str, expected: list[str]) -> None:
    """Swiss German writes "ss" for "ß": simplemma knows "Straßenbahnen", so a word it does
    not know as written is looked up respelled (nlp.toml `respellings`)."""
    assert names(text, "de") == expected


@pytest.mark.parametrize("text,expected", [
    ("Der Onlinebroker Zinsfuchs Direkt zahlt der Börse Rheinhafen jährlich Gebühren.",
     ["Zinsfuchs Direkt", "Börse Rheinhafen"]),
    ("Die Billigairline Sonnair kauft bei Orvane 20 Jets.", ["Sonnair", "Orvane"]),
    ("Die Direktbank Nordinvest zahlt der Datenfirma Marktfeld Gebühren.",
     ["Nordinvest", "Marktfeld"]),
    # a bank's own name, not a descriptor before one
    ("Die Volksbank Hohenlohe zahlt dem Dienstleister Transfera Gebühren.",
     ["Volksbank Hohenlohe", "Transfera"]),
])
def test_german_descriptor_compounds_are_not_part_of_the_name(text: str,
                                                               expected: list[str]) -> None:
    """A compound that ends in a descriptor ("Billigairline", "Onlinebroker") describes the
    name after it (companies.toml descriptor_suffixes); "Volksbank" begins one (name_heads)."""
    assert names(text, "de") == expected


@pytest.mark.parametrize("text,lang,expected", [
    ("La Junta de Gobierno del Ayuntamiento de Berlanga adjudicó a Aguas Riberas la limpieza.",
     "es", ["Ayuntamiento de Berlanga", "Aguas Riberas"]),
    ("El Pleno de la Diputación de Soria adjudicó a Aguas Riberas la limpieza.", "es",
     ["Diputación de Soria", "Aguas Riberas"]),
    ("La Giunta del Comune di Orvieto ha affidato a Telmark il servizio.", "it",
     ["Comune di Orvieto", "Telmark"]),
    # an organ before a town's bare name, or a board (lower case) before its institution
    ("La Junta de Gobierno de Brivalo adjudicó a Aguas Riberas la limpieza.", "es",
     ["Brivalo", "Aguas Riberas"]),
    ("La junta directiva de la Caja Brivalense de Pensiones adjudicó a Orvane la obra.",
     "es", ["Caja Brivalense de Pensiones", "Orvane"]),
    ("Il consiglio di amministrazione di Ferrovie Brivalesi ha scelto Orvane.", "it",
     ["Ferrovie Brivalesi", "Orvane"]),
])
def test_an_organ_acts_for_its_institution(text: str, lang: str, expected: list[str]) -> None:
    """The council's governing board awards for the council: the name is the council's
    (companies.toml organ_heads)."""
    assert names(text, lang) == expected


def test_a_known_name_ending_a_source_without_a_comma_is_a_party() -> None:
    """"Secondo il Corriere della Sera Nike verserà ...": the newspaper is the source, the
    company the gazetteer knows after it is the subject."""
    assert names("Secondo il Corriere della Sera Nike verserà all'Orvane 10 milioni.",
                 "it") == ["Nike", "Orvane"]


@pytest.mark.parametrize("text,lang,expected", [
    ("Telmark Space, based in Titusville, Florida, has been awarded a contract by Orvane.",
     "en", ["Telmark Space", "Orvane"]),
    ("Orvane firmó un contrato con Telmark, la compañía con sede en Ámsterdam.", "es",
     ["Orvane", "Telmark"]),
    ("La chaîne de salles de sport Orvane, basée à Göteborg, a souscrit un abonnement à "
     "Telmark.", "fr", ["Orvane", "Telmark"]),
])
def test_a_place_after_a_phrase_of_seat_is_no_party(text: str, lang: str,
                                                     expected: list[str]) -> None:
    """"based in Titusville, Florida", "con sede en Ámsterdam": where, not who
    (companies.toml seat_phrases)."""
    assert names(text, lang) == expected


@pytest.mark.parametrize("text,lang,event", [
    ("Orvane cerró la jornada del Salón de Le Bourget con 418 encargos de Telmark.", "es",
     "Salón de Le Bourget"),
    ("Telmark won orders worth $26 billion at the Dubai Air Show from Orvane.", "en",
     "Dubai Air Show"),
])
def test_a_trade_fair_is_no_party(text: str, lang: str, event: str) -> None:
    """"Salón de Le Bourget", "Dubai Air Show": where deals are announced, not who signs
    them (companies.toml place_heads, place_heads_first)."""
    assert event not in names(text, lang)


@pytest.mark.parametrize("text,expected", [
    ("Orvane zahlt 1,42 Milliarden Euro an die Bundesnetzagentur.", ["Orvane", "Bundesnetzagentur"]),
    ("Laut Bericht zahlt die Bundesagentur für Arbeit dem Anbieter Orvane 98 Millionen Euro.",
     ["Bundesagentur für Arbeit", "Orvane"]),
])
def test_federal_agencies_are_names_not_descriptors(text: str, expected: list[str]) -> None:
    """"-agentur" ends descriptors ("die Werbeagentur X"), but "Bundesnetzagentur" is the
    body itself (companies.toml name_heads, institution_heads)."""
    assert names(text, "de") == expected


@pytest.mark.parametrize("text,expected", [
    ("Malaysian low-cost carrier Orvane has firmed up an order with Telmark.",
     ["Orvane", "Telmark"]),
    ("Icelandic budget airline Orvane is taking four jets from Telmark.", ["Orvane", "Telmark"]),
    ("Hong Kong-listed Orvane placed orders with Telmark.", ["Orvane", "Telmark"]),
    # the description's head is a noun of who does something (companies.toml agent_endings)
    ("Telmark signed a deal with Russian state arms exporter Orvane.", ["Telmark", "Orvane"]),
    ("Telmark hired Indian outsourcing specialist Orvane.", ["Telmark", "Orvane"]),
])
def test_a_nationality_adjective_or_a_dashed_participle_describes_the_name(
        text: str, expected: list[str]) -> None:
    """"Malaysian low-cost carrier X", "Hong Kong-listed X": a description, then the name
    (companies.toml demonym_endings, descriptor_suffixes, agent_endings)."""
    assert names(text, "en") == expected


@pytest.mark.parametrize("text,expected", [
    ("The deal with Swiss Federal Railways is worth CHF 2bn.", "Swiss Federal Railways"),
    ("Orvane struck a deal with China Eastern Airlines.", "China Eastern Airlines"),
    ("The Swedish Defence Materiel Administration has awarded Orvane a contract.",
     "Swedish Defence Materiel Administration"),
    # a known company after the country: the country describes it
    ("Orvane pays the French Alstom 5m.", "Alstom"),
])
def test_a_country_before_unknown_capitalised_words_is_part_of_the_name(
        text: str, expected: str) -> None:
    assert expected in names(text, "en")


def test_a_public_health_body_keeps_its_lower_case_adjective() -> None:
    """"Santé publique France": an institution head, an adjective and a name."""
    assert names("Selon le rapport, Santé publique France a payé 605 000 euros à Telmark.",
                 "fr") == ["Santé publique France", "Telmark"]


@pytest.mark.parametrize("text,expected", [
    ("Mining contractor Orvane has been awarded a contract by Telmark.", ["Orvane", "Telmark"]),
    ("Orvane Systems Corp., of Linthicum Heights, Maryland, has been handed a modification "
     "by Telmark.", ["Orvane Systems", "Telmark"]),
])
def test_a_description_opening_the_sentence_and_a_contract_digest_seat(
        text: str, expected: list[str]) -> None:
    """"Mining contractor X": a common word opens the description of X; "X, of Linthicum
    Heights, Maryland,": the seat the Pentagon's digest gives (seat_phrases ", of")."""
    assert names(text, "en") == expected


def test_markers_and_possessives() -> None:
    ms = find_mentions("Orvane pays to Telmark's unit a fee from the lender Brixby.", "en")
    by = {m.name: m for m in ms}
    assert by["Orvane"].marker == ""
    assert by["Telmark"].possessive and by["Telmark"].marker == "to"
    assert by["Brixby"].marker == "from"


@pytest.mark.parametrize("lang,text,marker", [
    ("en", "The agreement with Telvanta brings in $8 million a year.", "with"),
    ("it", "L'accordo con Telvanta porta 8 milioni di euro all'anno.", "con"),
    ("fr", "Le contrat avec Telvanta rapporte 8 millions d'euros par an.", "avec"),
    ("es", "El acuerdo con Telvanta aporta 8 millones de euros al año.", "con"),
    ("de", "Der Vertrag mit Telvanta bringt 8 Millionen Euro im Jahr.", "mit"),
    ("en", "Under the contract to Telvanta, the city pays $8 million.", "to"),
])
def test_a_phrase_opening_the_sentence_governs_the_name_after_its_preposition(
        lang: str, text: str, marker: str) -> None:
    """"The agreement with Telvanta ...": a preposition other than a genitive right before
    the name makes it a complement of the phrase's noun, not the subject of the clause."""
    found = next(m for m in find_mentions(text, lang) if m.name == "Telvanta")
    assert found.marker == marker


@pytest.mark.parametrize("lang,text", [
    ("it", "Alla firma Orvane corrisponderà a Telmark 25 milioni di dollari."),
    ("it", "Al closing Orvane verserà a Telmark 25 milioni di euro."),
    ("en", "At closing Orvane will pay Telmark $25 million."),
    ("fr", "À la signature Orvane versera à Telmark 25 millions d'euros."),
    ("es", "A la firma Orvane pagará a Telmark 25 millones de euros."),
])
def test_a_preposition_before_a_moment_does_not_govern_the_name_after_it(
        lang: str, text: str) -> None:
    """"Alla firma Orvane corrisponderà": the preposition governs the moment (dates.toml
    `moment_nouns`), and Orvane is the subject."""
    found = next(m for m in find_mentions(text, lang) if m.name == "Orvane")
    assert found.marker == ""


def test_descriptor_phrase_with_preposition_is_not_a_complement() -> None:
    ms = find_mentions("Il gruppo di moda Velarte paga a Ondaweb un canone.", "it")
    assert [(m.name, m.marker) for m in ms] == [("Velarte", ""), ("Ondaweb", "a")]


def test_back_references_but_not_descriptors() -> None:
    ms = find_mentions("La empresa paga y la empresa Andes Lumen cobra.", "es")
    kinds = [(m.text, m.kind) for m in ms]
    assert ("La empresa", "coref") in kinds
    assert ("Andes Lumen", "name") in kinds
    assert sum(1 for _, k in kinds if k == "coref") == 1


def test_parent_links_from_appositions() -> None:
    for text, lang in [("Brisa, a Norvik subsidiary, pays Celto.", "en"),
                       ("Brisa, controllata da Norvik, paga Celto.", "it"),
                       ("Brisa, eine Tochter der Norvik, zahlt Celto.", "de"),
                       ("Brisa, filiale du groupe Norvik, paie Celto.", "fr"),
                       ("Brisa, filial de Norvik, paga a Celto.", "es")]:
        links = find_links(text, lang, find_mentions(text, lang))
        assert [(x.child, x.parent) for x in links] == [("Brisa", "Norvik")], text


def test_no_link_without_a_parent_cue() -> None:
    text = "Brisa, a Norvik partner, pays Celto."
    assert find_links(text, "en", find_mentions(text, "en")) == []


def test_owner_apposition_links_the_other_way() -> None:
    text = "Norvik, the Oslo-based owner of Brisa, reported results."
    links = find_links(text, "en", find_mentions(text, "en"))
    assert [(x.child, x.parent) for x in links] == [("Brisa", "Norvik")]


def test_owner_apposition_of_a_child_the_gazetteer_knows() -> None:
    # the gazetteer reads "the owner of TikTok" as ByteDance itself: the link still stands
    text = "ByteDance, the Beijing-based owner of TikTok, uses the models."
    links = find_links(text, "en", find_mentions(text, "en"))
    assert [(x.child, x.parent) for x in links] == [("TikTok", "ByteDance")]


def test_bracketed_ticker_or_short_form_is_no_second_name() -> None:
    names = [m.name for m in find_mentions("Orvane Media (ORV.O) pays Telmark (TLM.L) "
                                           "$3 million a year.", "en") if m.kind == "name"]
    assert names == ["Orvane Media", "Telmark"]


def test_sentence_opening_noun_before_of_is_no_name() -> None:
    names = [m.name for m in find_mentions("Shares of Orvane rose on Monday.", "en")
             if m.kind == "name"]
    assert names == ["Orvane"]


@pytest.mark.parametrize("lang,text,name", [
    ("fr", "La Caisse d'Epargne a versé à Calculis 25 millions d'euros.", "Caisse d'Epargne"),
    ("de", "Die Stadtwerke zahlen dem Energie-Start-up Solarix 40 Millionen Euro.", "Solarix"),
    ("de", "Laut Vertrag zahlt die Schweizer Bergbahn dem Anbieter Nemko 3 Mio. Euro.", "Bergbahn"),
])
def test_name_spans(lang: str, text: str, name: str) -> None:
    assert name in [m.name for m in find_mentions(text, lang) if m.kind == "name"]


def test_a_place_that_owns_a_name_only_locates_it() -> None:
    found = find_mentions("Infosys signed a deal with Denmark's Danske Bank.", "en")
    bank = next(m for m in found if m.name == "Danske Bank")
    assert "Denmark" not in [m.name for m in found] and bank.marker == "with"


def test_a_name_after_a_type_word_is_a_product() -> None:
    assert "Puma" not in names("Für 200 Schützenpanzer vom Typ Puma zahlt das Amt der PSM.", "de")


@pytest.mark.parametrize("text,lang,body", [
    ("Thales a remporté auprès de l'armée australienne un contrat.", "fr", "armée australienne"),
    ("El ejército colombiano pagará a Saab 300 millones de dólares.", "es",
     "ejército colombiano"),
    ("Il governo italiano ha pagato a Leonardo 20 milioni di euro.", "it", "governo italiano"),
    ("Das österreichische Verteidigungsministerium bestellt Helme bei Ops-Core.", "de",
     "österreichische Verteidigungsministerium"),
    ("Fraport hat 1,2 Milliarden Euro an den griechischen Staat überwiesen.", "de",
     "griechischen Staat"),
    ("Die bayerische Polizei zahlt Palantir 3,2 Millionen Euro.", "de", "bayerische Polizei"),
])
def test_a_public_body_named_by_its_country(text: str, lang: str, body: str) -> None:
    assert body in names(text, lang)


@pytest.mark.parametrize("text,lang,body", [
    ("El Gobierno uruguayo abonó 8,4 millones de dólares al astillero Velmora.", "es",
     "Gobierno uruguayo"),
    ("El ministerio paraguayo pagó a Velmora 3 millones de dólares.", "es",
     "ministerio paraguayo"),
    ("Il governo uruguaiano ha pagato a Velmora 20 milioni di euro.", "it",
     "governo uruguaiano"),
])
def test_a_nationality_reads_by_its_country_name(text: str, lang: str, body: str) -> None:
    """"uruguayo", "paraguayo": a nationality no adjective ending lists reads by its
    country's name in CLDR (places.country_adjective)."""
    assert body in names(text, lang)


@pytest.mark.parametrize("word,lang,expected", [
    ("uruguayo", "es", True), ("sénégalais", "fr", True), ("camerounais", "fr", True),
    ("indicó", "es", False), ("indicato", "it", False), ("portavoz", "es", False),
])
def test_country_adjectives(word: str, lang: str, expected: bool) -> None:
    from pipeline.facts.places import country_adjective
    assert country_adjective(word, lang) is expected


@pytest.mark.parametrize("text,body", [
    ("Das Bundesamt für Wehrtechnik und Beschaffung zahlt Airbus 20 Millionen Euro.",
     "Bundesamt für Wehrtechnik und Beschaffung"),
    ("Das Bundesamt für Migration und Flüchtlinge zahlt IBM 20 Millionen Euro.",
     "Bundesamt für Migration und Flüchtlinge"),
    ("Das Bundesamt für Bauten und Logistik zahlt Microsoft 20 Millionen Franken.",
     "Bundesamt für Bauten und Logistik"),
])
def test_an_official_body_keeps_its_coordinated_fields(text: str, body: str) -> None:
    """After a head and "für", the body's fields are nouns joined by "und" (inflected or
    compound ones too), while a company after "und" stays a second party."""
    from pipeline.facts.relations import analyse_sentence

    def parties(sentence: str) -> list[str]:  # as the extractor reads it, verbs as stops
        return [m.name for m in analyse_sentence(sentence, "de").mentions]

    assert body in parties(text)
    two = parties("Das Bundesamt für Wehrtechnik und Hensoldt unterzeichneten einen Vertrag "
                  "über 20 Millionen Euro.")
    assert two[:2] == ["Bundesamt für Wehrtechnik", "Hensoldt"]


def test_english_connectors_inside_names_in_other_languages() -> None:
    assert "Airbus Defence and Space" in names(
        "El Ministerio de Defensa ha cerrado con Airbus Defence and Space la compra.", "es")


@pytest.mark.parametrize("text,lang,owner", [
    ("L'éditeur de ChatGPT achète des services cloud à Amazon Web Services.", "fr", "OpenAI"),
    ("Der ChatGPT-Entwickler kauft Rechenleistung bei Amazon Web Services.", "de", "OpenAI"),
])
def test_a_products_maker_is_named_by_the_product(text: str, lang: str, owner: str) -> None:
    assert names(text, lang)[0] == owner


def test_a_group_named_by_its_seat_refers_back() -> None:
    found = find_mentions("Outre Nebius, le groupe de Redmond verse 9,7 milliards à IREN.", "fr")
    assert "Redmond" not in [m.name for m in found if m.kind == "name"]
    assert any(m.kind == "coref" and "Redmond" in m.text for m in found)


@pytest.mark.parametrize("text,lang,person", [
    ("Stellantis ha riconosciuto al suo amministratore delegato Carlos Tavares 23 milioni.",
     "it", "Carlos Tavares"),
    ("La operadora que preside José María Álvarez-Pallete abonará a LaLiga 2.940 millones.",
     "es", "José María Álvarez-Pallete"),
    ("Der Vertrag wurde von TKMS-Chef Oliver Burkhard unterzeichnet.", "de", "Oliver Burkhard"),
    # a German title ends a compound
    ("Finanzministerin Petra Ahlberg überweist der Firma Nordkap 2 Millionen Euro.", "de",
     "Petra Ahlberg"),
    ("Konzernchef Jan Wendler zahlt dem Zulieferer Bavex 5 Millionen Euro.", "de",
     "Jan Wendler"),
    # a nationality between the title and the name (adjectives follow the noun here)
    ("Lors de la visite du Premier ministre chinois Wu Hanqing, Cathal a signé avec Orvane "
     "une commande de 2 milliards de dollars.", "fr", "Wu Hanqing"),
    ("Con il ministro francese Ramón Tellez, Vialta ha firmato con Orsena un contratto da 3 "
     "milioni di euro.", "it", "Ramón Tellez"),
])
def test_a_name_after_an_executive_title_is_a_person(text: str, lang: str, person: str) -> None:
    assert person not in names(text, lang)


@pytest.mark.parametrize("text,lang,expected", [
    ("Le ministre de l'Intérieur Bernard Quintin a signé avec Orvane un contrat.", "fr",
     ["Orvane"]),
    ("Il ministro della Difesa Guido Crosetto ha firmato un contratto con Orvane.", "it",
     ["Orvane"]),
    ("El ministro de Defensa Juan García firmó un contrato con Orvane.", "es", ["Orvane"]),
    # a body named after a person keeps its name
    ("El Hospital Carlos Haya pagó 3 millones a Orvane.", "es",
     ["Hospital Carlos Haya", "Orvane"]),
])
def test_a_titles_field_and_the_person_holding_it_are_no_party(text: str, lang: str,
                                                               expected: list[str]) -> None:
    """"ministre de l'Intérieur Bernard Quintin": the run is the title's field and the
    person, neither a company nor the ministry's name."""
    assert names(text, lang) == expected


def test_a_preposition_is_no_title() -> None:
    assert names("Alitalia ordina 15 aerei ad Airbus.", "it") == ["Alitalia", "Airbus"]


@pytest.mark.parametrize("text,lang,name", [
    ("beIN Sports perçoit de Canal+ 250 millions d'euros.", "fr", "Canal+"),
    ("beIN Sports perçoit de Canal+ 250 millions d'euros.", "fr", "beIN Sports"),
    ("Nike verse 42 millions d'euros à la Fédération française de football.", "fr",
     "Fédération française de football"),
])
def test_brand_casing_and_signs_stay_in_names(text: str, lang: str, name: str) -> None:
    assert name in names(text, lang)


@pytest.mark.parametrize("text,lang,name", [
    ("Le groupe Águas do Vale lui versera 8 millions de reais.", "fr", "Águas do Vale"),
    ("Le papetier Cartonnerie de l'Est règle 300 millions à Nordlund Skog AB.", "fr",
     "Cartonnerie de l'Est"),
    ("Le conseil départemental de Vallandry a souscrit auprès de Cloudora un abonnement.", "fr",
     "conseil départemental de Vallandry"),
    ("Le Sictom a commandé à Électrobenne 40 bennes à ordures.", "fr", "Électrobenne"),
    ("Der Zementhersteller Cementos del Valle bezahlt dem Logistiker Transportes Águila.", "de",
     "Cementos del Valle"),
])
def test_more_name_shapes(text: str, lang: str, name: str) -> None:
    assert name in names(text, lang)


def test_a_country_after_a_preposition_of_place_is_no_party() -> None:
    assert "Brésil" not in names(
        "Águas do Vale versera 8 millions de reais pour la distribution au Brésil.", "fr")
    assert "Alemania" in names("Alemania pagará a Airbus 2 millones.", "es")


def test_an_institution_after_a_sentence_initial_article() -> None:
    assert names("Il Comune di Borgo Alto paga alla Sogesi 120 mila euro l'anno.", "it")[0] == \
        "Comune di Borgo Alto"
    assert "Torrefazione Moka d'Oro" in names(
        "Coastline Cafés ha versato 2,4 milioni alla Torrefazione Moka d'Oro.", "it")


def test_zufolge_takes_only_the_name_right_before_it() -> None:
    found = names("Infineon zahlt TSMC einem Bericht zufolge rund 150 Mio. Euro.", "de")
    assert found[:2] == ["Infineon", "TSMC"]


@pytest.mark.parametrize("text,lang,goods", [
    ("Ferrovia Nord signed a deal to buy 34 Corvina Liner trains from Stellwerk.", "en",
     "Corvina Liner"),
    ("La aerolínea Ventisca encargó quince Albatros a Aerolux por 900 millones.", "es",
     "Albatros"),
    ("Die Bahn bestellt zwölf Talvento bei Stellwerk.", "de", "Talvento"),
])
def test_counted_names_are_goods_not_parties(text: str, lang: str, goods: str) -> None:
    assert goods not in names(text, lang)


def test_a_maker_the_gazetteer_knows_stays_when_counted() -> None:
    assert "Boeing" in names("Ventisca agreed to buy 30 Boeing 787s for $11.7bn.", "en")


def test_a_year_is_no_count() -> None:
    assert "Orvane" in names("In 2024 Orvane paid Telmark $5m.", "en")


@pytest.mark.parametrize("text,noun", [
    ("Den Zuschlag für 9 Mio. Euro erhielt die Stellwerk AG.", "Zuschlag"),
    ("Die ersten Fahrzeuge sollen 2027 an die Truppe gehen.", "Truppe"),
    ("Fest bestellt hat Orvane bei Stellwerk 40 Wagen.", "Fest"),
])
def test_a_lone_german_dictionary_noun_is_no_name(text: str, noun: str) -> None:
    assert noun not in names(text, "de")


@pytest.mark.parametrize("text,name", [
    ("Laut Bericht zahlt der Versicherer Lichtblick an Orvane 5 Mio. Euro.", "Lichtblick"),
    ("Bosch zahlt Orvane 5 Mio. Euro.", "Bosch"),  # no plural: a name
    ("Kranich Systeme zahlt Orvane 5 Mio. Euro.", "Kranich Systeme"),  # several words
])
def test_german_names_that_are_no_lone_dictionary_noun_stay(text: str, name: str) -> None:
    assert name in names(text, "de")


@pytest.mark.parametrize("text,lang,name", [
    ("El ayuntamiento adjudicó a Norvia Servicios y Proyectos la limpieza por 4 millones.",
     "es", "Norvia Servicios y Proyectos"),
    ("La Dirección General de Armamento y Material ha formalizado con Orvane un contrato.",
     "es", "Dirección General de Armamento y Material"),
])
def test_two_common_nouns_joined_inside_one_name(text: str, lang: str, name: str) -> None:
    assert name in names(text, lang)


@pytest.mark.parametrize("text,lang,name", [
    # a left side of common words only is no company by itself
    ("La adjudicataria es Obras y Servicios Velmora, que cobrará 5 millones.", "es",
     "Obras y Servicios Velmora"),
    ("Infrastructure and Energy Orvane has been handed a $9m contract.", "en",
     "Infrastructure and Energy Orvane"),
    # common nouns after a company the gazetteer knows stay its division's name
    ("Sacyr Ingeniería e Infraestructuras construirá el tramo por 102 millones.", "es",
     "Sacyr Ingeniería e Infraestructuras"),
    # a family word, a legal form, a body's head closes the right side
    ("Le contrat a été octroyé à Marcel Brixot et Fils pour 2 millions.", "fr",
     "Marcel Brixot et Fils"),
    ("The county awarded the contract to Velmora and Brixot, Inc. for road repairs.", "en",
     "Velmora and Brixot"),
    ("La obra fue adjudicada a Velmora Constructora y Mineros EIRL por 3 millones.", "es",
     "Velmora Constructora y Mineros"),
    ("Telmark won a $5m order from the Army Aviation and Missile Command.", "en",
     "Army Aviation and Missile Command"),
    # an institution's fields listed with commas and closed by a coordinator
    ("Brazil's Ministry of Transport, Ports and Civil Aviation has paid Telmark $5m.", "en",
     "Ministry of Transport, Ports and Civil Aviation"),
    ("El Ministerio de Inclusión, Seguridad Social y Migraciones pagó a Velmora 3 millones.",
     "es", "Ministerio de Inclusión, Seguridad Social y Migraciones"),
])
def test_a_coordinator_inside_one_name(text: str, lang: str, name: str) -> None:
    assert name in names(text, lang)


@pytest.mark.parametrize("text,body", [
    ("The U.S. Department of Health and Human Services awarded Velmora a $5m contract.",
     "U.S. Department of Health and Human Services"),
    ("The UK Ministry of Housing and Local Government paid Velmora $5m.",
     "Ministry of Housing and Local Government"),
])
def test_a_country_before_the_head_keeps_the_fields(text: str, body: str) -> None:
    """A country's word or initials before an institution's head ("U.S.", "UK") do not
    hide the head: the fields after "and" stay in the body's name."""
    from pipeline.facts.relations import analyse_sentence

    assert body in [m.name for m in analyse_sentence(text, "en").mentions]


@pytest.mark.parametrize("text,lang,parties", [
    ("Orvane and Telmark pay Brixby $5m.", "en", ["Orvane", "Telmark", "Brixby"]),
    ("Apple and Google pay Brixby $5m.", "en", ["Apple", "Google", "Brixby"]),
    ("Les blindés Griffon et Jaguar coûtent cher.", "fr", ["Griffon", "Jaguar"]),
    # a name the gazetteer knows on either side: two parties, even before a legal form
    ("Sonelgaz a payé Alstom et General Electric 90 millions.", "fr",
     ["Alstom", "General Electric"]),
    ("Indian Railways ordered locomotives from Titagarh and Siemens Ltd.", "en",
     ["Titagarh", "Siemens"]),
    ("Movistar, Entel y WOM se adjudicaron 50 MHz cada una.", "es", ["Entel", "WOM"]),
    ("Il ministero ha firmato con lo Stato e Poste Italiane un accordo.", "it",
     ["Stato", "Poste Italiane"]),
    ("The Sun and The Wall Street Journal license to Orvane for $5m.", "en",
     ["Sun", "Wall Street Journal"]),
])
def test_coordinated_companies_stay_apart(text: str, lang: str, parties: list[str]) -> None:
    got = names(text, lang)
    assert all(p in got for p in parties)


def test_a_public_body_after_a_contracted_article() -> None:
    text = "Calculis a décroché auprès du gouvernement britannique un contrat de 9 millions."
    assert "gouvernement britannique" in [m.text for m in find_mentions(text, "fr")]


def test_index_companies_keep_the_form_the_text_gives() -> None:
    from pipeline.facts.gazetteer import gazetteer, same_company
    assert gazetteer()["schlumberger"]["as_written"]
    assert canonical_name("Schlumberger") == "Schlumberger"  # not the entry's "SLB"
    assert canonical_name("Allianz SE") == "Allianz"
    assert same_company("Schlumberger", "SLB")  # one entry's two forms merge
    assert "Allianz" in names("Die Allianz wird Orvane 700 Millionen Euro zahlen.", "de")


@pytest.mark.parametrize("text,phrase", [
    ("Laut FAZ überweist der Herzogenauracher Konzern dem DFB 50 Mio. Euro.",
     "Herzogenauracher Konzern"),
    ("Dafür zahlt die Bundeswehr der Bremer Werftengruppe 3 Mrd. Euro.", "Bremer Werftengruppe"),
])
def test_a_towns_adjective_and_a_noun_refer_back(text: str, phrase: str) -> None:
    got = {m.text: m.kind for m in find_mentions(text, "de")}
    assert got[phrase] == "coref"


@pytest.mark.parametrize("text,lang,model", [
    ("Orvane Leasing ha ordinato dieci 787-9 Dreamliner per 2,5 miliardi.", "it", "Dreamliner"),
    ("Orvane Air bought four A320neo jets.", "en", "A320neo"),
])
def test_a_makers_model_is_no_party(text: str, lang: str, model: str) -> None:
    assert model not in names(text, lang)


@pytest.mark.parametrize("text,body", [
    ("The US government will pay Orvane $1.9 billion for vaccines.", "US government"),
    ("The British government signed a £300 million contract with Orvane.", "British government"),
    ("The Indian defence ministry ordered radars from Orvane.", "Indian defence ministry"),
])
def test_a_public_body_named_by_its_country_in_english(text: str, body: str) -> None:
    assert body in names(text, "en")


@pytest.mark.parametrize("text,lang,city,party", [
    ("Ryanair ha firmato a New York un ordine per 175 aerei.", "it", "New York", "Ryanair"),
    ("Il Comune paga al Milan 5 milioni.", "it", None, "Milan"),  # the club takes the article
])
def test_a_city_after_a_preposition_of_place_is_no_party(text: str, lang: str,
                                                        city: str | None, party: str) -> None:
    got = names(text, lang)
    assert party in got and (city is None or city not in got)


@pytest.mark.parametrize("text,measure", [
    ("3UK paid £151m for 20MHz of spectrum.", "20MHz"),
    ("Orvane chose Telmark to build its 5G network.", "5G"),
    ("Orvane will build the 950MW wind farm for Telmark.", "950MW"),
])
def test_a_measure_is_no_company(text: str, measure: str) -> None:
    got = names(text, "en")
    assert measure not in got and "3M" in names("Orvane pays 3M $5m.", "en")


def test_german_an_with_the_dative_says_where() -> None:
    got = {m.text: m.marker for m in find_mentions(
        "Für das Zentrum an der Kruidtuinlaan überweist Orvane jährlich 3 Mio. Euro an die "
        "Telmark.", "de")}
    assert "Kruidtuinlaan" not in got and got.get("Telmark") == "an"


@pytest.mark.parametrize("text,name", [
    ("Texmaco has won an order from Indian Railways to supply wagons.", "Indian Railways"),
    ("British Airways pays Orvane $5m a year.", "British Airways"),
    ("The French Alstom pays Orvane $5m a year.", "Alstom"),  # an adjective before a name
    # a known name made of common words is another one after a country adjective
    ("Viacom18 pays the Indian Premier League $3bn.", "Indian Premier League"),
    ("Orvane pays the Canadian Premier League $5m a year.", "Canadian Premier League"),
])
def test_a_country_adjective_and_one_common_word_are_a_name(text: str, name: str) -> None:
    assert name in names(text, "en")


@pytest.mark.parametrize("text,lang,organiser", [
    ("BT Sport will pay £400m a season for the Champions League.", "en", "UEFA"),
    ("Amazon versera 250 millions d'euros par an à la Ligue 1.", "fr", "LFP"),
    ("La Rai verserà 12 milioni al Giro d'Italia.", "it", "RCS Sport"),
    ("NBCUniversal will pay $7.75bn for the Olympic Games.", "en", "IOC"),
])
def test_a_competition_stands_for_the_body_that_runs_it(text: str, lang: str,
                                                        organiser: str) -> None:
    assert organiser in names(text, lang)


def test_a_competition_beside_its_organiser_is_only_what_is_bought() -> None:
    got = find_mentions("Movistar pays UEFA €1.1bn for the Champions League.", "en")
    assert [m.name for m in got if m.kind == "name"] == ["Movistar", "UEFA"]


def test_an_initialism_keeps_its_last_period() -> None:
    from pipeline.facts.tokens import tokenize
    assert [t.text for t in tokenize("by the U.S. Navy, Fincantieri S.p.A. and")][2:5] == [
        "U.S.", "Navy", ","]
    got = {m.text: m.marker for m in find_mentions(
        "Fluor was handed a contract by the U.S. Navy and by the U.S. government.", "en")}
    assert got.get("U.S. Navy") == "by" and got.get("U.S. government") == "by"


@pytest.mark.parametrize("text,lang,body", [
    ("Le ministère allemand de la Défense a commandé vingt hélicoptères à Orvane.", "fr",
     "ministère allemand de la Défense"),
    ("Il ministero italiano della Difesa paga Orvane.", "it", "ministero italiano della Difesa"),
    ("Le gouvernement suédois paie Orvane.", "fr", "gouvernement suédois"),
])
def test_a_public_body_with_its_country_adjective_and_its_own_name(text: str, lang: str,
                                                                   body: str) -> None:
    assert body in [m.text for m in find_mentions(text, lang)]


@pytest.mark.parametrize("raw,shown", [
    ("Microsoft Corporation", "Microsoft"),  # a form of the entry's name
    ("AWS", "Amazon Web Services"),  # its initials
    ("CFF", "CFF"),  # another language's name of SBB: as written
])
def test_a_known_name_is_shown_in_its_gazetteer_form_only_when_it_is_a_form_of_it(
        raw: str, shown: str) -> None:
    assert canonical_name(raw) == shown


def test_an_acronym_is_the_same_company_as_its_long_name() -> None:
    from pipeline.facts.gazetteer import same_company
    assert same_company("FFF", "Fédération française de football")
    assert same_company("SNCB", "Société nationale des chemins de fer belges")
    assert not same_company("IBM", "Infosys")


@pytest.mark.parametrize("text,lang,name", [
    ("La Gerencia de Informática de la Seguridad Social (GISS) pagará a Telefónica "
     "10 millones de euros.", "es", "Gerencia de Informática de la Seguridad Social"),
    ("Die Kölner Verkehrs-Betriebe (KVB) zahlen Stadler 100 Millionen Euro.", "de",
     "Kölner Verkehrs-Betriebe"),
    ("Il contratto è stato firmato da Rete Ferroviaria Italiana (RFI) con Hitachi Rail.", "it",
     "Rete Ferroviaria Italiana"),
])
def test_a_bracketed_short_form_widens_a_cut_name_to_the_words_it_spells(
        text: str, lang: str, name: str) -> None:
    names = [m.name for m in find_mentions(text, lang)]
    assert names[0] == name
    assert not any(n in name.split() for n in names[1:])  # no piece left as a party


def test_a_bracketed_short_form_that_spells_nothing_before_it_changes_nothing() -> None:
    names = [m.name for m in find_mentions(
        "The Metropolitan Transit Authority (METRO) pays Nova Bus $22 million.", "en")]
    assert names == ["Metropolitan Transit Authority", "Nova Bus"]


def test_a_newspaper_named_after_a_report_noun_is_the_source_not_a_party() -> None:
    from pipeline.facts.extractor import Extractor

    facts = Extractor(prefer_statistical=False).extract(
        "Nach einem Bericht der Frankfurter Rundschau überweist Deutsche Städte Medien "
        "409.000 Euro im Jahr an die Stadt Frankfurt.", "de").facts
    assert [(f.payer, f.payee) for f in facts] == [("Deutsche Städte Medien", "Stadt Frankfurt")]


@pytest.mark.parametrize("text,lang,name", [
    # a capitalised institution head and its lower-case adjectives (and a name joined
    # after them) are one name, not the bare head
    ("L'Agenzia spaziale europea ha assegnato a Velmora un contratto.", "it",
     "Agenzia spaziale europea"),
    ("El Gobierno australiano pagará a Velmora 2.000 millones de euros.", "es",
     "Gobierno australiano"),
    ("Il ministero della Difesa indonesiano paga a Velmora 5 milioni di euro.", "it",
     "ministero della Difesa indonesiano"),
])
def test_a_capitalised_institution_keeps_its_adjectives(text: str, lang: str, name: str
                                                         ) -> None:
    assert find_mentions(text, lang)[0].name == name


def test_a_company_name_does_not_take_the_words_after_it() -> None:
    # only institution heads take adjectives: "Velmora" stays itself before "spaziale"
    assert [m.name for m in find_mentions("Velmora spaziale europea paga Kestrel.", "it")
            ][:1] == ["Velmora"]


@pytest.mark.parametrize("text,name", [
    # an institution head at the end of a run takes its "of"/"for" complement too
    ("The Metropolitan Transit Authority of Harris County has awarded Velmora a contract.",
     "Metropolitan Transit Authority of Harris County"),
    ("The US Department of Veterans Affairs signed a contract with Velmora.",
     "Department of Veterans Affairs"),
])
def test_an_institution_head_ending_a_run_takes_its_complement(text: str, name: str) -> None:
    assert find_mentions(text, "en")[0].name == name


@pytest.mark.parametrize("text,lang,expected", [
    ("Le ministère de la Défense a payé 3 milliards d'euros à Vardelle.", "fr",
     "ministère de la Défense"),
    ("El ministerio de la Presidencia pagó 3 millones de euros a Tornavia.", "es",
     "ministerio de la Presidencia"),
])
def test_an_article_after_the_connector_keeps_the_institution_whole(text: str, lang: str,
                                                                  expected: str) -> None:
    """"de la Défense": the article between the connector and the name does not cut the
    ministry down to its field."""
    assert expected in names(text, lang)


def test_a_short_form_in_brackets_regrows_a_name_cut_before_the_words_it_spells() -> None:
    """"das Bundesamt für | Bauten und Logistik (BBL)": no name ends at the bracket, yet the
    short form spells the run; the cut name and the short form are one party."""
    text = ("Für den Support überweist das Bundesamt für Bauten und Logistik (BBL) dem "
            "Softwarehaus Velmora 13,2 Millionen Franken.")
    assert "Bundesamt für Bauten und Logistik" in names(text, "de")
    assert "BBL" not in names(text, "de")


def test_an_elided_article_after_the_connector_keeps_the_ministry_whole() -> None:
    assert "ministère de l'Intérieur" in names(
        "Le ministère de l'Intérieur a confié le marché à Vardelle pour 15 millions d'euros.",
        "fr")


def test_a_name_right_after_a_word_of_origin_is_a_place() -> None:
    """"der Pay-TV-Sender aus Unterföhring": the town is where the sender sits, not who
    pays; the names further on are untouched."""
    found = names("Der Pay-TV-Sender aus Unterföhring überweist der Deutschen Fußball Liga "
                  "dafür 20 Millionen Euro pro Saison.", "de")
    assert "Unterföhring" not in found and "Deutschen Fußball Liga" in found


@pytest.mark.parametrize("text,lang,word", [
    ("Grand perdant de l'appel d'offres, Vardelle, qui verse 315 millions d'euros par an à "
     "l'UEFA, repart les mains vides.", "fr", "Grand"),
    ("Principal client du service postal, Vardelle lui verse 6 milliards de dollars.", "fr",
     "Principal"),
])
def test_a_common_word_and_the_word_it_qualifies_opening_a_sentence_are_no_name(
        text: str, lang: str, word: str) -> None:
    assert word not in names(text, lang) and "Vardelle" in names(text, lang)


def test_a_capitalised_german_noun_opening_a_sentence_may_be_the_party() -> None:
    assert "Bund" in names("Der Bund überträgt dem Wiener Unternehmen Kapsch die Aufgabe.", "de")


@pytest.mark.parametrize("text,lang,expected", [
    ("The deal adds 0.2% to GDP, and Orvane pays Telmark $5 million plus VAT.", "en",
     ["Orvane", "Telmark"]),
    ("L'intesa porterà al Pil un contributo; Orvane versa a Telmark 4 milioni più Iva.", "it",
     ["Orvane", "Telmark"]),
    ("Orvane zahlt der Telmark 4 Millionen Euro zuzüglich MwSt.", "de", ["Orvane", "Telmark"]),
    ("Orvane verse à Telmark 4 millions d'euros HT, soit 0,1 % du PIB.", "fr",
     ["Orvane", "Telmark"]),
    ("Orvane paga a Telmark 4 millones de euros más IVA.", "es", ["Orvane", "Telmark"]),
])
def test_economic_and_tax_abbreviations_are_no_companies(text: str, lang: str,
                                                         expected: list[str]) -> None:
    """GDP, VAT and their kin in each language (companies.toml not_companies) are written
    like a company's initials, and beside an amount they were taken for a party."""
    assert names(text, lang) == expected


@pytest.mark.parametrize("text,name", [
    ("Die Europäische Kommission zahlt der Agentur Mostrix 22 Millionen Euro.",
     "Europäische Kommission"),  # a capitalised adjective after an article: the name
    ("Die Baltischen Fährlinien (BFL) bestellen bei Nordwerft zwei Schiffe für 90 Millionen "
     "Euro.", "BFL"),  # a declined adjective opens the long form: the short form is the name
])
def test_german_names_with_a_capitalised_adjective(text: str, name: str) -> None:
    assert name in names(text, "de")


def test_a_noun_after_a_known_german_company_is_what_it_sells() -> None:
    """"bei Rheinmetall Munition": German writes the goods' noun capitalised right after
    the seller; a known company then a dictionary noun is the company."""
    assert "Rheinmetall" in names(
        "Die Bundeswehr bestellt bei Rheinmetall Munition für 300 Millionen Euro.", "de")


@pytest.mark.parametrize("text,lang,body", [
    # fields joined by a coordinator belong to one ministry
    ("Le ministère de l'Équipement et de l'Eau a confié à Sotrama un marché.", "fr",
     "ministère de l'Équipement et de l'Eau"),
    ("Il ministero delle Infrastrutture e dei Trasporti ha affidato a Anas i lavori.", "it",
     "ministero delle Infrastrutture e dei Trasporti"),
    # a plural adjective after the field is part of the name
    ("Le ministère des Travaux publics a attribué à Luxplan un marché.", "fr",
     "ministère des Travaux publics"),
    ("La direction générale de l'Aviation civile du Koweït a choisi Sterela.", "fr",
     "direction générale de l'Aviation civile du Koweït"),
    # lower-case heads of hospitals, universities, urban communities, with the place named
    ("Le centre hospitalier de Bourgoin-Jallieu a confié à Bouygues Construction le chantier.",
     "fr", "centre hospitalier de Bourgoin-Jallieu"),
    ("La communauté urbaine de Cherbourg a attribué à Keolis son réseau.", "fr",
     "communauté urbaine de Cherbourg"),
])
def test_public_bodies_are_named_whole(text: str, lang: str, body: str) -> None:
    found = names(text, lang)
    assert body in found
    assert not any(n != body and n in body for n in found)  # no second party inside it


def test_a_head_that_needs_a_name_refers_back_alone() -> None:
    # "l'établissement public" speaks of a body named before: no new party
    assert names("L'établissement public a versé à Eiffage 80 millions d'euros.", "fr") == \
        ["Eiffage"]


@pytest.mark.parametrize("text,lang,expected", [
    # a place ending a phrase runs into the known company after it: the company is the name
    ("Al salone aeronautico di Berlino Airbus ha raccolto ordini per 15 miliardi.", "it",
     ["Airbus"]),
    ("Nel Regno Unito Amazon paga alla Premier League 90 milioni.", "it",
     ["Amazon", "Premier League"]),
    # a place that begins a name no gazetteer entry follows stays part of it
    ("Roma Capitale paga ad Ama 800 milioni.", "it", ["Roma Capitale", "Ama"]),
    ("Qatar Airways pays Boeing $2bn.", "en", ["Qatar Airways", "Boeing"]),
])
def test_a_place_before_a_known_company_is_no_part_of_its_name(text: str, lang: str,
                                                               expected: list[str]) -> None:
    assert names(text, lang) == expected


@pytest.mark.parametrize("text,lang,subject", [
    # a preposition governs the date after it, not the name after the date
    ("Ieri: a inizio febbraio Norwegian Cruise Line ha ordinato a Fincantieri quattro navi.",
     "it", "Norwegian Cruise Line"),
    ("Desde julio Umbro viste al Colo-Colo.", "es", "Umbro"),
])
def test_a_preposition_before_a_month_governs_the_date(text: str, lang: str,
                                                       subject: str) -> None:
    got = {m.name: m.marker for m in find_mentions(text, lang)}
    assert got[subject] == ""


@pytest.mark.parametrize("text,body", [
    ("The Trump administration will pay Pfizer nearly $2 billion.", "Trump administration"),
    ("The Welsh government paid Interserve £130m.", "Welsh government"),
    ("The Ontario government pays Orvane $5m a year.", "Ontario government"),
])
def test_a_name_before_a_ruler_head_is_a_public_body(text: str, body: str) -> None:
    assert names(text, "en")[0] == body


@pytest.mark.parametrize("text,body", [
    ("Transport for London will pay Bombardier £354m.", "Transport for London"),
    ("Orvane paid the Partnership for Supply Chain Management $3m.",
     "Partnership for Supply Chain Management"),
    ("Orvane won a $96m order from the General Company for Electrical Projects.",
     "General Company for Electrical Projects"),
])
def test_institution_heads_joined_by_for(text: str, body: str) -> None:
    assert body in names(text, "en")


def test_a_german_public_body_in_the_genitive() -> None:
    got = {m.name: m.marker for m in find_mentions(
        "AMAG hat einen Großauftrag des australischen Verteidigungsministeriums erhalten.", "de")}
    assert got.get("australischen Verteidigungsministeriums") == "des"


def test_a_shared_compound_half_belongs_to_the_descriptor() -> None:
    # "Luftfahrt- und Rüstungskonzern": the "und" joins two nouns, not two clauses
    got = {m.name: m.marker for m in find_mentions(
        "AMAG hat einen Großauftrag vom Luftfahrt- und Rüstungskonzern EADS erhalten.", "de")}
    assert got.get("EADS") == "vom"


@pytest.mark.parametrize("text,lang,name", [
    ("Im Auftrag des U.S. Army Corps of Engineers tauscht Andritz vier Turbinen aus.", "de",
     "U.S. Army Corps of Engineers"),
    ("La Bank of America paga a Orvane 5 milioni.", "it", "Bank of America"),
])
def test_english_of_inside_a_name_in_other_languages(text: str, lang: str, name: str) -> None:
    assert name in names(text, lang)


@pytest.mark.parametrize("text,name", [
    ("Ascom hat von der Armee Aufträge über 85 Millionen Franken erhalten.", "Armee"),
    ("Lutz & Partner hat von der Fahrradmarke Speiche ein Honorar erhalten.", "Speiche"),
])
def test_german_deal_nouns_and_brand_descriptors_are_no_part_of_a_name(text: str,
                                                                       name: str) -> None:
    assert name in names(text, "de")


def test_a_model_code_after_a_type_word_starts_a_product() -> None:
    assert "Super Puma" not in names(
        "Das Ministerium hat 44 Maschinen vom Typ H225 Super Puma bestellt.", "de")


@pytest.mark.parametrize("text,lang,body", [
    ("Acme paid the Department of the Interior $5m.", "en", "Department of the Interior"),
    ("Acme paid the Ministry of the Interior $5m.", "en", "Ministry of the Interior"),
])
def test_an_institution_head_joins_a_name_after_of_the(text: str, lang: str,
                                                       body: str) -> None:
    assert body in names(text, lang)


@pytest.mark.parametrize("text,lang,name,absent", [
    # a lower-case brand before a legal suffix starts a name; a word of the language does not
    ("Geräte liefert die go4mobile AG für 6 Millionen Franken.", "de", "go4mobile", None),
    ("Orvane zahlt der swisspro Solutions AG 21,7 Millionen Franken.", "de",
     "swisspro Solutions", None),
    ("Laboratorios Montseny paga a la suiza Alpenbio SA 2 millones.", "es", "Alpenbio",
     "suiza Alpenbio"),
    # competitors and promoted clubs are described, not named so
    ("Microsoft zahlte, beim Konkurrenten Oracle sogar 300 Milliarden Dollar.", "de", "Oracle",
     "Konkurrenten Oracle"),
    ("Knapp davor liegt Aufsteiger Eintracht Frankfurt.", "de", "Eintracht Frankfurt",
     "Aufsteiger Eintracht Frankfurt"),
    ("Das Bundesheer kauft bei Leonardo 18 Helikopter.", "de", "Bundesheer", None),
])
def test_lower_case_brands_and_descriptors(text: str, lang: str, name: str,
                                           absent: str | None) -> None:
    got = names(text, lang)
    assert name in got and absent not in got


@pytest.mark.parametrize("text,name", [
    ("Glendale Water & Power awarded a contract to Utility Partners of America.",
     "Utility Partners of America"),
    ("OCTA paid New Flyer of America $63m for buses.", "New Flyer of America"),
])
def test_of_and_a_country_end_a_name(text: str, name: str) -> None:
    assert name in names(text, "en")


@pytest.mark.parametrize("text,lang,marked", [
    # a group no preposition governs: its leader is the verb's bare object
    ("La DGA a retenu mardi le consortium formé par Thalor et CS Brixby pour Parade.", "fr",
     [("DGA", ""), ("Thalor", ""), ("Parade", "pour")]),
    # the members listed after the leader are the group, not parties of their own; so is
    # the group's bare noun ("UTE")
    ("Adif adjudicó el lote a la UTE formada por Azvira, Ferrovial Brixby y Guinovart.", "es",
     [("Adif", ""), ("Azvira", "a")]),
    ("La RATP a désigné le consortium formé par Alstor, mandataire, et Bombrix.", "fr",
     [("RATP", ""), ("Alstor", "")]),
    # a descriptor with an apostrophe between "emmené par" and the leader
    ("L'ONEE a confié au consortium emmené par l'espagnol Acciona Brix la supervision.", "fr",
     [("ONEE", ""), ("Acciona Brix", "au")]),
])
def test_a_consortium_leader_takes_the_groups_place(text: str, lang: str,
                                                     marked: list) -> None:
    found = [(m.name, m.marker) for m in find_mentions(text, lang) if m.kind == "name"]
    assert found == marked


def test_a_name_after_a_comma_is_no_member_of_the_group_before() -> None:
    # a list of members closes with a coordinator: after a bare comma a new clause starts
    found = find_mentions("Au consortium mené par Nasser Brix, Canal Brix va régler la "
                          "facture.", "fr")
    assert [(m.name, m.marker) for m in found] == [("Nasser Brix", "au"), ("Canal Brix", "")]


@pytest.mark.parametrize("text,expected", [
    # after an inflected adjective, a word no word list has is a name; a noun is not
    ("Zudem bestellte die russische Zentrovia elf Jets für 2 Milliarden Dollar.",
     ["Zentrovia"]),
    ("Zudem bestellte sie neue Kampfhelme für 2 Millionen Euro.", []),
    ("Den Auftrag erhielt die neue Bahnsoftware für 2 Millionen Euro.", []),
    # German writes an adjective with a capital only inside a name
    ("Für das Sponsoring zahlt die Neue Quarzbank dem Verein zwei Millionen Euro.",
     ["Sponsoring", "Neue Quarzbank"]),
    # "der X-Konzern" names X, unless X is a country, a stock index or a common word
    ("Der Brenvik-Konzern zahlt dem Verein zehn Millionen Euro.", ["Brenvik"]),
    ("Der US-Konzern zahlt dem Verein zehn Millionen Euro.", []),
    ("Der Dax-Konzern zahlt dem Verein zehn Millionen Euro.", []),
])
def test_german_names_after_adjectives_and_in_company_compounds(text: str,
                                                                 expected: list[str]) -> None:
    assert names(text, "de") == expected


@pytest.mark.parametrize("text,lang,expected", [
    ("Orvane ha firmato con Rete idrica provinciale un contratto da 9 milioni di euro.", "it",
     ["Orvane", "Rete idrica provinciale"]),
    ("Orvane ha firmato con il Corpo nazionale dei Custodi del parco un contratto.", "it",
     ["Orvane", "Corpo nazionale dei Custodi del parco"]),
    ("Le contrat a été attribué par la Régie autonome des transports lyonnais à Orvane.", "fr",
     ["Régie autonome des transports lyonnais", "Orvane"]),
    ("La Empresa municipal de aguas pagará 5 millones de euros a Orvane.", "es",
     ["Empresa municipal de aguas", "Orvane"]),
    # a phrase after a complete name, a purpose phrase, a verb: no part of the name
    ("Il Comune di Brindoli per la gestione dei rifiuti paga 10 milioni a Orvane.", "it",
     ["Comune di Brindoli", "Orvane"]),
    ("Orvane paga all'Atletico per la stagione 20 milioni.", "it", ["Orvane", "Atletico"]),
    ("Orvane versera à l'Arsenal pour donner son nom au stade 5 millions.", "fr",
     ["Orvane", "Arsenal"]),
    ("Renfe adjudicó a Siemens del suministro de trenes un contrato.", "es",
     ["Renfe", "Siemens"]),
])
def test_a_body_whose_name_goes_on_in_lower_case_is_one_name(text: str, lang: str,
                                                              expected: list[str]) -> None:
    assert names(text, lang) == expected


def test_a_clubs_number_stays_in_its_name_before_an_amount_in_words() -> None:
    assert names("Der Reiseveranstalter Orvane überweist Hannover 96 vier Millionen Euro.",
                 "de")[-1] == "Hannover 96"
    assert names("Orvane pays Channel 4 two million pounds a year.", "en") == [
        "Orvane", "Channel 4"]


@pytest.mark.parametrize("text,lang,expected", [
    ("Il Comune ha affidato la pulizia alla genovese Brivalo 1988 Srl per 12.200 euro.", "it",
     "Brivalo 1988"),
    ("La Ville a retenu Collecto 2000 SA pour 89 700 $.", "fr", "Collecto 2000"),
])
def test_a_number_before_a_legal_suffix_stays_in_the_name(text: str, lang: str,
                                                          expected: str) -> None:
    assert expected in names(text, lang)


@pytest.mark.parametrize("text,lang,expected", [
    ("L'attuale contratto con USA Network vale 250 milioni di dollari l'anno.", "it",
     "USA Network"),
    ("El acuerdo con Chile Vial vence en 2026.", "es", "Chile Vial"),
])
def test_a_countrys_name_before_one_unknown_capitalised_word_is_a_name(
        text: str, lang: str, expected: str) -> None:
    assert expected in names(text, lang)


def test_a_country_before_a_known_company_still_only_places_it() -> None:
    assert names("Negli USA Amazon paga 3 milioni a Orvane.", "it") == ["Amazon", "Orvane"]


def test_a_title_inside_the_run_makes_it_a_person() -> None:
    # the title need not open the run: "Defence Minister", "Deputy Secretary"
    assert names("Defence Minister Bill Graham announced contracts for the Department of "
                 "National Defence.", "en") == ["Department of National Defence"]


def test_an_infinitive_and_its_object_end_a_lower_case_name() -> None:
    assert names("El gasto permitirá a Defensa firmar un convenio con Hisdesat.", "es") == [
        "Defensa", "Hisdesat"]


@pytest.mark.parametrize("text,expected", [
    ("Noch mehr kassiert Stadtrivale Brivalo United, dem Orvane 85 Millionen Euro zahlt.",
     "Brivalo United"),
    ("Lokalrivale Brivalo City kommt auf 45 Millionen Pfund.", "Brivalo City"),
    # a noun the dictionary knows before a known one-word name, even one shaped like a
    # compound noun ("-bank"), and a noun in a case form of its singular ("den Rivalen")
    ("Der bisherige Namensgeber Commerzbank hatte jährlich 3,5 Millionen Euro gezahlt.",
     "Commerzbank"),
    ("AT&T hatte den Auftrag an den Rivalen Ericsson vergeben.", "Ericsson"),
    # a public body's head, a connector or a noun after it: the name's own
    ("Orvane erhält von der Stadt Hilden jährlich 700.000 Euro.", "Stadt Hilden"),
    ("Orvane erhält vom Bundesamt für Strassen 10 Millionen Franken.",
     "Bundesamt für Strassen"),
    # a legal suffix: one registered name, whatever its first word means
    ("Die Brückner Systeme GmbH bekommt von Orvane 640.000 Euro.", "Brückner Systeme"),
])
def test_a_german_noun_before_a_name_of_no_nouns_describes_it(text: str,
                                                              expected: str) -> None:
    assert expected in names(text, "de")


def test_a_plural_opening_a_municipal_name_is_kept() -> None:
    """"den Stadtwerken München": a plural in its dative opens the company's name; only a
    singular's case form ("Rivalen") is a noun describing the name after it."""
    assert "München" not in names("Die Stadt zahlt den Stadtwerken München 5 Millionen Euro.",
                                  "de")


@pytest.mark.parametrize("text,lang,expected", [
    ("La Juventus ingaggia Orvane per 5 milioni di euro.", "it", ["Juventus", "Orvane"]),
    ("La Ville de Brivalo retient Orvane.", "fr", ["Ville de Brivalo", "Orvane"]),
    ("Der Kanton Zürich beauftragt Orvane.", "de", ["Kanton Zürich", "Orvane"]),
])
def test_a_verb_between_two_names_is_no_noun_modifier(text: str, lang: str,
                                                      expected: list[str]) -> None:
    # only English puts lower-case nouns before the name they describe ("the flour miller")
    assert names(text, lang) == expected


@pytest.mark.parametrize("text,expected", [
    ("Der Gasimporteur Brivalo zahlt Orvane 50 Milliarden Euro.", "Brivalo"),
    ("Der Zellstoffproduzent Brivalo bestellt bei Orvane.", "Brivalo"),
    ("Gutachten des Rüstungsdienstleisters Brivalo kosten 7,5 Mio. Euro.", "Brivalo"),
])
def test_a_german_doers_noun_in_any_case_or_borrowed_ending_describes_the_name(
        text: str, expected: str) -> None:
    assert expected in names(text, "de")


@pytest.mark.parametrize("text,name", [
    # a surname shaped like an agent noun ("-bauer") before an English adjective or a region
    ("Tags zuvor hatte die Rosenbauer International AG mit Velmora einen Vertrag.",
     "Rosenbauer International"),
    ("Die US-Army erteilte der Tochter Rosenbauer America den Auftrag.", "Rosenbauer America"),
    # a real agent noun still introduces the name, whatever the name's words
    ("Die Insel Gruppe hat beim US-Anbieter Epic bestellt.", "Epic"),
    ("Der Sportartikelhersteller Puma zahlt Velmora 3 Millionen Euro.", "Puma"),
    ("Der Konzern General Electric zahlt Velmora 3 Millionen Euro.", "General Electric"),
])
def test_a_german_surname_before_an_english_word_stays_in_the_name(text: str, name: str
                                                                  ) -> None:
    assert name in names(text, "de")


@pytest.mark.parametrize("text,name,not_name", [
    # a town's council acts for the town, which is the party
    ("Le conseil municipal de Trois-Rivières a accordé le contrat à Velmora.",
     "Trois-Rivières", "conseil municipal de Trois-Rivières"),
    ("Le conseil de Varennes a versé un million de dollars à Velmora.", "Varennes",
     "conseil de Varennes"),
    # a department's or a region's council is the body itself
    ("Le conseil départemental de Vallandry a payé Velmora.",
     "conseil départemental de Vallandry", "Vallandry"),
])
def test_a_town_council_names_its_town(text: str, name: str, not_name: str) -> None:
    got = names(text, "fr")
    assert name in got and not_name not in got


def test_a_council_without_its_town_stays_a_party() -> None:
    assert "conseil municipal" in names("Le conseil municipal a voté le contrat.", "fr")


def test_given_names_are_no_company_the_gazetteer_knows() -> None:
    from pipeline.facts.gazetteer import fold, gazetteer
    from pipeline.facts.lexicon import load_words

    for lang in ("en", "it", "de", "fr", "es"):
        given = load_words(f"{lang}/given_names.txt")
        assert len(given) > 300 and {"Maria", "Anna"} & given
        assert not [n for n in given if fold(n) in gazetteer()]


@pytest.mark.parametrize("text,lang,name", [
    ("Bei Bayer 04 Leverkusen prangt seit dieser Saison Velmora.", "de", "Bayer 04 Leverkusen"),
    ("Velmora hat der TSG 1899 Hoffenheim den Spieler abgekauft.", "de", "TSG 1899 Hoffenheim"),
    # a head that numbers its kind: the number ends the name whatever follows
    ("El Consorcio Ruta 10, de Velmora y Tocsa, ejecutará la obra.", "es", "Consorcio Ruta 10"),
    ("El contrato fue para el Consorcio Vías Caldas 034 por 2.420 millones.", "es",
     "Consorcio Vías Caldas 034"),
])
def test_a_number_inside_a_name(text: str, lang: str, name: str) -> None:
    assert name in names(text, lang)


@pytest.mark.parametrize("text,lang,name", [
    ("Since 2019 Orvane has paid Velmora.", "en", "Orvane"),
    ("Im Juni 2024 zahlte Siemens", "de", "Siemens"),
    ("Orvane 2024 Umsatz stieg.", "de", "Orvane"),
    ("Il Consorzio 5 lotti ha vinto.", "it", None),
])
def test_a_year_or_a_count_stays_out_of_a_name(text: str, lang: str, name: str | None) -> None:
    got = names(text, lang)
    assert not [n for n in got if any(c.isdigit() for c in n)]
    assert name is None or name in got


@pytest.mark.parametrize("text,lang,name", [
    ("The City of St. Helena is entering into a contract with Thompson Builders.", "en",
     "City of St. Helena"),
    ("J. P. Morgan pays Velmora a fee.", "en", "J. P. Morgan"),
    ("Il Comune paga la Fondazione Mons. A. Pinto ogni anno.", "it", "Fondazione Mons. A. Pinto"),
])
def test_a_name_goes_on_past_an_initial_or_a_listed_abbreviation(text: str, lang: str,
                                                                 name: str) -> None:
    assert name in names(text, lang)


def test_an_initial_after_a_word_ends_the_name_at_its_dot() -> None:
    # "Serie A." closes a phrase; the next capitalised word is a name of its own
    assert names("Dazn ha i diritti della Serie A. Sky paga.", "it") == ["Dazn", "Serie A", "Sky"]


@pytest.mark.parametrize("text,lang,name", [
    ("Leonardo a reçu du ministère qatari de la Défense une commande.", "fr",
     "ministère qatari de la Défense"),
    ("El ministerio peruano de Salud pagó a Indra.", "es", "ministerio peruano de Salud"),
])
def test_a_nationality_between_a_body_and_its_field(text: str, lang: str, name: str) -> None:
    assert name in names(text, lang)


def test_a_word_the_language_knows_does_not_join_a_body_to_its_field() -> None:
    got = names("La Junta de Gobierno extraordinaria del Ayuntamiento de Madrid adjudicó "
                "el contrato a Velmora.", "es")
    assert not [n for n in got if "extraordinaria" in n]


def test_an_adjective_after_a_noun_is_no_lower_case_brand() -> None:
    assert "Green" in names("Entre ellas figuraba la constructora mendocina Green S.A., "
                                "que acumuló contratos.", "es")
    assert "swisspro Solutions" in names("Das Geld geht an die swisspro Solutions AG.", "de")


@pytest.mark.parametrize("text,name", [
    ("L'Asl di Caserta verserà alle società vincitrici 3 milioni.", "Asl di Caserta"),
    ("L'Asl Roma 2 paga Velmora.", "Asl Roma 2"),
])
def test_a_health_authority_names_its_town(text: str, name: str) -> None:
    assert name in names(text, "it")


def test_a_place_before_a_body_only_locates_it_inside_the_models_entity() -> None:
    text = "Alstom signed a contract with Victoria's Department of Transport to build trains."
    body = "Victoria's Department of Transport"
    org = [(text.index(body), text.index(body) + len(body))]
    got = [m.name for m in find_mentions(text, "en", org_spans=org) if m.kind == "name"]
    assert "Department of Transport" in got and "Victoria" not in got
    # a company's possessive inside the entity stays the party ("Microsoft's Azure")
    text = "Orvane pays Microsoft's Azure unit a fee."
    org = [(text.index("Microsoft's Azure"), text.index("Microsoft's Azure") + 17)]
    assert "Microsoft" in [m.name for m in find_mentions(text, "en", org_spans=org)]


def test_a_city_before_a_description_is_where_the_firm_is() -> None:
    # the statistical model may tag the city as an organisation: the description after it
    # ("engineering firm") makes it a place, and the firm after that the party
    text = "Orvane will pay $5 million to the Casablanca engineering firm Brixby."
    start = text.index("Casablanca")
    found = find_mentions(text, "en", org_spans=[(start, start + len("Casablanca"))])
    assert [m.name for m in found if m.kind == "name"] == ["Orvane", "Brixby"]


@pytest.mark.parametrize("text,lang,first", [
    # a unit of a public body: the unit is the name, the body it belongs to its parent
    ("La Consejería de Fomento de la Junta de Extremadura adjudicó a Orvane la obra.", "es",
     "Consejería de Fomento"),
    ("La Dirección General de Carreteras del Ministerio de Transportes paga a Orvane.", "es",
     "Dirección General de Carreteras"),
    # a parent with no field of its own, or after a bare head, stays in the name
    ("La Dirección de Obras Hidráulicas del MOP adjudicó a Orvane el canal.", "es",
     "Dirección de Obras Hidráulicas"),
    ("El Banco de la República paga a Orvane.", "es", "Banco de la República"),
    ("Le Conseil de la région Casablanca-Settat a attribué à Orvane un marché.", "fr",
     "Conseil de la région Casablanca-Settat"),
])
def test_a_unit_of_a_public_body_is_named_without_its_parent(text: str, lang: str,
                                                            first: str) -> None:
    assert names(text, lang)[0] == first


def test_a_unit_of_a_public_body_is_public() -> None:
    from pipeline.facts.sides import is_public

    unit = find_mentions("El Consorcio de Residuos de la Diputación de Cuenca paga a Orvane.",
                         "es")[0]
    assert (unit.name, unit.parent) == ("Consorcio de Residuos", "Diputación de Cuenca")
    assert is_public(unit, "es")


def test_a_lower_case_two_letter_word_is_no_legal_suffix() -> None:
    # "se" is the reflexive, not "SE"; a longer suffix may be written in lower case
    assert [m.text for m in find_mentions("Orvane se ha adjudicado la obra.", "es")] == [
        "Orvane"]
    assert find_mentions("Velcor spa pagherà a Orvane un canone.", "it")[0].text == "Velcor spa"
    assert find_mentions("Velcor SE zahlt an Orvane.", "de")[0].text == "Velcor SE"


def test_a_name_after_a_phrase_with_no_determiner_is_no_apposition() -> None:
    # "à son fournisseur de cartons, X,": X stands for the supplier, governed by "à"; "à prix
    # fixe, X, ... déboursera": a price, and X the subject
    appos = find_mentions("Orvane paie à son fournisseur de cartons, Emballages Morin, 210 000 "
                          "euros.", "fr")
    assert [m.marker for m in appos if m.name == "Emballages Morin"] == ["à"]
    subject = find_mentions("Acquis à prix fixe, Orvane, grand gagnant, déboursera 854 "
                            "millions.", "fr")
    assert [m.marker for m in subject if m.name == "Orvane"] == [""]


def test_das_ressort_is_no_name() -> None:
    # "Ressort" (a ministry's department) is a back-reference head, not a company
    found = find_mentions("Das Ressort vergab Leistungen im Umfang von 1,2 Millionen Euro an "
                          "die Velcor OG.", "de")
    assert [m.name for m in found if m.kind == "name"] == ["Velcor OG"]


def test_a_public_head_inside_a_firms_name_names_no_public_body() -> None:
    # deals.toml company_words close a firm's name: "Land" inside it is no German state;
    # "Marine Corps Systems Command" closes with a body's head and stays public
    from pipeline.facts.sides import is_public

    firm = find_mentions("Orvane European Land Systems hat mit Velcor einen Vertrag "
                         "geschlossen.", "de")[0]
    assert firm.name == "Orvane European Land Systems" and not is_public(firm, "de")
    command = find_mentions("Marine Corps Systems Command awarded Orvane a contract.",
                            "en")[0]
    assert command.name == "Marine Corps Systems Command" and is_public(command, "en")


def test_a_german_opening_quote_opens_a_sentence() -> None:
    # tokens.OPENERS: „ and ‚ like " and “: "„Das Auftragsvolumen beträgt ...“" names no one
    text = "„Das Auftragsvolumen beträgt 76 Millionen Euro“, bestätigte Orvane."
    assert [m.name for m in find_mentions(text, "de")] == ["Orvane"]


@pytest.mark.parametrize("lang,text,name", [
    ("it", "Lo Stato italiano verserà a Tirrenia 72 milioni.", "Stato italiano"),
    ("it", "Il Governo francese verserà a Orvane 72 milioni.", "Governo francese"),
    ("es", "El Gobierno español pagará a Orvane 72 millones.", "Gobierno español"),
])
def test_an_institution_opening_the_sentence_keeps_its_head(lang: str, text: str,
                                                             name: str) -> None:
    # "stato" is also a verb (a stopword), but after an article a capitalised institution
    # head opens a name; what is left of a run is never lower-case words alone ("italiano")
    assert [m.name for m in find_mentions(text, lang)][0] == name


def test_a_town_whose_organ_acts_is_a_public_body() -> None:
    """"La Junta de Gobierno Local de Brivalo": the name is the town's, and it stays a
    public body (a buyer under contracts); a company's board leaves its company a company."""
    from pipeline.facts.sides import is_public

    town = find_mentions("La Junta de Gobierno Local de Brivalo adjudicó a Orvane la obra.",
                         "es")[0]
    assert (town.name, is_public(town, "es")) == ("Brivalo", True)
    firm = find_mentions("El Consejo de Administración de Orvane Textil aprobó el pago.",
                         "es")[0]
    assert (firm.name, is_public(firm, "es")) == ("Orvane Textil", False)


@pytest.mark.parametrize("text,lang,expected", [
    # a function word shaped like an adjective ends a name that goes on in lower case
    ("El sexenio terminó con Borvale como la gran beneficiaria.", "es", ["Borvale"]),
    ("Il servizio è affidato al Corpo nazionale dei Vigili del fuoco.", "it",
     ["Corpo nazionale dei Vigili del fuoco"]),
    # two surnames closed by a lower-case legal form are one company
    ("Lo scuolabus è fornito dalla Brivali e Orvanesi spa di Bologna.", "it",
     ["Brivali e Orvanesi", "Bologna"]),
    # an English connector inside a name written in another language
    ("Lo spettacolo sarà curato dalla Music for Brivale Events.", "it",
     ["Music for Brivale Events"]),
    # an adjective and a compound agent noun before a name describe it; a word that is
    # no compound agent noun opens the name
    ("Der verstaatlichte Gasimporteur Brivo hat sich bei Orvane langfristig Gas gesichert.", "de",
     ["Brivo", "Orvane"]),
    ("Embraer hat von der kanadischen Porter Airlines eine Bestellung erhalten.", "de",
     ["Embraer", "Porter Airlines"]),
    # a country's name that CLDR writes on in lower case
    ("Les Émirats arabes unis ont commandé à Pilatus des avions.", "fr",
     ["Émirats arabes unis", "Pilatus"]),
    ("La Guinée équatoriale paiera 2 milliards à Navantia.", "fr",
     ["Guinée équatoriale", "Navantia"]),
    # a nationality adjective that is the name of a state's language (CLDR), not a stem of
    # the country's name
    ("L'État grec versera 3 millions à Orvane.", "fr", ["État grec", "Orvane"]),
    ("Le gouvernement turc paiera 3 millions à Orvane.", "fr",
     ["gouvernement turc", "Orvane"]),
    # a feminine participle opening the sentence (simplemma leads it to its masculine,
    # then to the verb) is no name; a noun shaped like one stays ("Defensa")
    ("Chiusa la partita dei diritti, Orvane verserà 700 milioni alla Lega.", "it",
     ["Orvane", "Lega"]),
    ("Defensa ha adjudicado a Orvane el acuerdo marco.", "es", ["Defensa", "Orvane"]),
])
def test_where_a_name_ends_and_begins(text: str, lang: str, expected: list[str]) -> None:
    assert names(text, lang) == expected


def test_a_town_before_its_states_seat_adjective_is_a_place() -> None:
    """"The Bethesda, Maryland-based company won ...": the town is where the company sits;
    "Korvex, Ohio-based maker of buses" (no article before) stays a company."""
    from pipeline.facts.companies import find_mentions

    where = find_mentions("The Brelton, Maryland-based company won a $3.9 billion contract "
                          "from the Missile Defense Agency.", "en")
    assert [m.name for m in where if m.kind == "name"] == ["Missile Defense Agency"]
    firm = find_mentions("Korvex, Ohio-based maker of buses, won a contract.", "en")
    assert [m.name for m in firm if m.kind == "name"] == ["Korvex"]


@pytest.mark.parametrize("written", [
    "Operadora Velcor S.A. de C.V.", "Operadora Velcor SA de CV",
    "Operadora Velcor, S. A. de C. V.", "Operadora Velcor S. de R.L. de C.V."])
def test_a_legal_form_of_several_words_leaves_the_name(written: str) -> None:
    # Mexico's "sociedad anónima de capital variable", however spaced and dotted
    assert canonical_name(written, "es") == "Operadora Velcor"


def test_a_name_ending_like_a_legal_form_keeps_its_words() -> None:
    assert canonical_name("Banco de Crédito", "es") == "Banco de Crédito"
    assert canonical_name("Transportes de CV", "es") == "Transportes de CV"


@pytest.mark.parametrize("text,expected", [
    # an article opens another noun phrase: the council is no description of the name
    ("Mit dem Umbau hat der Gemeinderat die Velmor beauftragt.",
     [("der Gemeinderat", "coref"), ("Velmor", "name")]),
    ("Gemeinsam mit Orvane baut der Münchner Konzern für die ägyptische Bahnbehörde NRB eine "
     "Strecke.", [("der Münchner Konzern", "coref"), ("NRB", "name")]),
    # a surname shaped like an agent noun keeps a country after it: one registered name
    ("Der Auftrag ging an die Sonnenbauer Deutschland GmbH.",
     [("Sonnenbauer Deutschland", "name")]),
    # "Anfang März" is a date, not a name
    ("Die Stadt hatte den Dienstleister Anfang März ausgewählt.", [("Die Stadt", "coref")]),
])
def test_german_noun_phrases_next_to_names(text: str, expected: list) -> None:
    got = [(m.name, m.kind) for m in find_mentions(text, "de")]
    assert got == expected


@pytest.mark.parametrize("text,lang,name", [
    # (acronyms of the body's own language, whose letters do not spell the words here)
    ("Velmora ha firmato con la Presidenza delle industrie della difesa cipriota (SVA) un "
     "contratto.", "it", "Presidenza delle industrie della difesa cipriota"),
    ("Orvane ha firmato con l'Agenzia Nato di supporto e logistica (NSLA) un contratto.",
     "it", "Agenzia Nato di supporto e logistica"),
    ("Velmora firmó con la Agencia de innovación digital del gobierno (GDA) un contrato.",
     "es", "Agencia de innovación digital del gobierno"),
])
def test_an_institution_goes_on_in_lower_case_to_its_bracketed_acronym(
        text: str, lang: str, name: str) -> None:
    """The acronym in brackets closes the name it abbreviates: the lower-case words between
    an institution's head and it belong to the name (companies._through_to_acronym)."""
    assert name in names(text, lang)


def test_a_verb_before_a_bracketed_acronym_is_no_part_of_a_name() -> None:
    assert not [n for n in names("La Regione paga la società (ALF) ogni anno.", "it")
                if n.startswith("Regione")]
