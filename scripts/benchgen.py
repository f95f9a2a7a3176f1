"""Generate benchmark articles: fixed seed, realistic lengths, five languages, few payments.

Sentences come from small per-language template sets: mostly plain news prose, some
money sentences that are not payments (revenue, funding), and a few payment statements,
so a cheap money-cue filter has realistic work to do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

COMPANIES = [
    "Microsoft", "Oracle", "Nvidia", "Amazon", "Google", "Meta", "OpenAI", "Anthropic",
    "Zentrix Labs", "Borealis Data", "Acme Robotics", "Helios Cloud", "Quantica", "Nordlicht AG",
    "Vetta Systems", "Lumen Analytica", "Pyxis Networks", "Orbis Telecom",
]

FILLER = {
    "en": [
        "{a} said the new service would roll out to customers in {n} countries next year.",
        "Analysts expect the market for AI chips to keep growing through the end of the decade.",
        "The company has hired {n} engineers since the start of the year, a spokesperson said.",
        "Shares of {a} rose {p} percent in early trading on Tuesday.",
        "Executives at {a} declined to comment on the talks with regulators.",
        "The launch follows months of delays caused by shortages of graphics processors.",
        "{a} and {b} have worked together on data-centre projects since {y}.",
        "Critics argue that the deal concentrates too much computing power in a few hands.",
        "The report was based on interviews with {n} people familiar with the plans.",
        "A new data centre in the region is due to open in the spring of {y}.",
    ],
    "it": [
        "{a} ha detto che il nuovo servizio arriverà ai clienti in {n} paesi il prossimo anno.",
        "Gli analisti prevedono che il mercato dei chip per l'intelligenza artificiale continui a crescere.",
        "L'azienda ha assunto {n} ingegneri dall'inizio dell'anno, secondo un portavoce.",
        "Le azioni di {a} sono salite del {p} per cento nelle prime contrattazioni di martedì.",
        "I dirigenti di {a} non hanno voluto commentare i colloqui con le autorità.",
        "Il lancio arriva dopo mesi di ritardi dovuti alla carenza di processori grafici.",
        "{a} e {b} collaborano su progetti di data center dal {y}.",
        "Secondo i critici l'accordo concentra troppa potenza di calcolo in poche mani.",
    ],
    "de": [
        "{a} teilte mit, der neue Dienst werde im kommenden Jahr in {n} Ländern verfügbar sein.",
        "Analysten erwarten, dass der Markt für KI-Chips bis zum Ende des Jahrzehnts wächst.",
        "Das Unternehmen hat seit Jahresbeginn {n} Ingenieure eingestellt, sagte ein Sprecher.",
        "Die Aktie von {a} stieg am Dienstag im frühen Handel um {p} Prozent.",
        "Führungskräfte von {a} wollten sich zu den Gesprächen mit den Behörden nicht äußern.",
        "Der Start folgt auf monatelange Verzögerungen wegen knapper Grafikprozessoren.",
        "{a} und {b} arbeiten seit {y} gemeinsam an Rechenzentrumsprojekten.",
        "Kritiker meinen, die Vereinbarung bündele zu viel Rechenleistung in wenigen Händen.",
    ],
    "fr": [
        "{a} a indiqué que le nouveau service serait proposé dans {n} pays l'an prochain.",
        "Les analystes s'attendent à ce que le marché des puces d'IA continue de croître.",
        "L'entreprise a recruté {n} ingénieurs depuis le début de l'année, selon un porte-parole.",
        "L'action de {a} a progressé de {p} % mardi en début de séance.",
        "Les dirigeants de {a} n'ont pas souhaité commenter les discussions avec les autorités.",
        "Ce lancement intervient après des mois de retard liés à la pénurie de processeurs graphiques.",
        "{a} et {b} travaillent ensemble sur des projets de centres de données depuis {y}.",
        "Selon les critiques, l'accord concentre trop de puissance de calcul entre quelques mains.",
    ],
    "es": [
        "{a} dijo que el nuevo servicio llegará a clientes de {n} países el próximo año.",
        "Los analistas esperan que el mercado de chips de IA siga creciendo hasta el final de la década.",
        "La empresa ha contratado a {n} ingenieros desde principios de año, según un portavoz.",
        "Las acciones de {a} subieron un {p} % en las primeras operaciones del martes.",
        "Los directivos de {a} declinaron comentar las conversaciones con los reguladores.",
        "El lanzamiento llega tras meses de retrasos por la escasez de procesadores gráficos.",
        "{a} y {b} colaboran en proyectos de centros de datos desde {y}.",
        "Los críticos sostienen que el acuerdo concentra demasiada potencia de cálculo en pocas manos.",
    ],
}

# Money that is not a payment: revenue and funding.
DISTRACTORS = {
    "en": ["{a} reported revenue of ${m} billion for the quarter.",
           "{a} raised ${m} million in a funding round led by venture investors."],
    "it": ["{a} ha registrato ricavi per {m} miliardi di dollari nel trimestre.",
           "{a} ha raccolto {m} milioni di euro in un round di finanziamento."],
    "de": ["{a} meldete für das Quartal einen Umsatz von {m} Milliarden Dollar.",
           "{a} sammelte in einer Finanzierungsrunde {m} Millionen Euro ein."],
    "fr": ["{a} a publié un chiffre d'affaires de {m} milliards de dollars pour le trimestre.",
           "{a} a levé {m} millions d'euros lors d'un tour de table."],
    "es": ["{a} registró unos ingresos de {m} mil millones de dólares en el trimestre.",
           "{a} recaudó {m} millones de euros en una ronda de financiación."],
}

PAYMENTS = {
    "en": ["{a} pays {b} about ${m} million a month for cloud capacity, people familiar with the matter said.",
           "{a} will pay {b} ${m} million a year for access to its models."],
    "it": ["{a} paga a {b} circa {m} milioni di dollari al mese per la capacità cloud.",
           "{a} verserà a {b} {m} milioni di euro all'anno per l'accesso ai suoi modelli."],
    "de": ["{a} zahlt {b} rund {m} Millionen Dollar pro Monat für Cloud-Kapazität.",
           "{a} überweist {b} jährlich {m} Millionen Euro für den Zugang zu seinen Modellen."],
    "fr": ["{a} verse à {b} environ {m} millions de dollars par mois pour de la capacité cloud.",
           "{a} paiera à {b} {m} millions d'euros par an pour accéder à ses modèles."],
    "es": ["{a} paga a {b} unos {m} millones de dólares al mes por capacidad en la nube.",
           "{a} pagará a {b} {m} millones de euros al año por el acceso a sus modelos."],
}

LANGS = tuple(FILLER)
DEFAULT_SEED = 20261128


def _fill(rng: random.Random, template: str) -> str:
    a, b = rng.sample(COMPANIES, 2)
    return template.format(a=a, b=b, n=rng.randint(3, 900), p=rng.randint(1, 19),
                           y=rng.randint(2015, 2026), m=rng.randint(2, 95))


def labelled_sentences(rng: random.Random, lang: str, payment_rate: float = 0.03,
                       distractor_rate: float = 0.04) -> list[tuple[str, str]]:
    """20-55 (kind, sentence) pairs; kind is "payment", "distractor" or "filler"."""
    out = []
    for _ in range(rng.randint(20, 55)):
        roll = rng.random()
        if roll < payment_rate:
            kind, pool = "payment", PAYMENTS[lang]
        elif roll < payment_rate + distractor_rate:
            kind, pool = "distractor", DISTRACTORS[lang]
        else:
            kind, pool = "filler", FILLER[lang]
        out.append((kind, _fill(rng, rng.choice(pool))))
    return out


def article(rng: random.Random, lang: str, payment_rate: float = 0.03,
            distractor_rate: float = 0.04) -> str:
    """One article of 20-55 sentences in paragraphs of 3 sentences."""
    sentences = [s for _, s in labelled_sentences(rng, lang, payment_rate, distractor_rate)]
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return "\n\n".join(paragraphs)


def articles(n: int, seed: int = DEFAULT_SEED) -> Iterator[tuple[str, str]]:
    """`n` (lang, text) pairs, languages in rotation, deterministic for a seed."""
    rng = random.Random(seed)
    for i in range(n):
        lang = LANGS[i % len(LANGS)]
        yield lang, article(rng, lang)
