"""General-purpose abbreviation and synonym dictionary for field names.

Written from general knowledge of database naming habits. Tokens are
lower-case and already singular (see :func:`tokens.stem`).

- ``ABBREVIATIONS`` expands a short token into one or more words.
- ``SYNONYM_GROUPS`` lists words that name the same concept; each word maps to
  the group's first word (its canonical form).
- ``WEAK_TOKENS`` carry little meaning on their own (``label``, ``value``);
  they count less in name similarity.
"""

from __future__ import annotations

from types import MappingProxyType

ABBREVIATIONS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "acc": ("account",),
        "acct": ("account",),
        "accnt": ("account",),
        "addr": ("address",),
        "adr": ("address",),
        "adrs": ("address",),
        "amt": ("amount",),
        "amnt": ("amount",),
        "avg": ("average",),
        "bal": ("balance",),
        "bday": ("birth", "date"),
        "bdate": ("birth", "date"),
        "cat": ("category",),
        "categ": ("category",),
        "cd": ("code",),
        "cnt": ("count",),
        "co": ("company",),
        "comp": ("company",),
        "cpu": ("cpu",),
        "ctry": ("country",),
        "cntry": ("country",),
        "cty": ("city",),
        "cur": ("currency",),
        "curr": ("currency",),
        "ccy": ("currency",),
        "cust": ("customer",),
        "cus": ("customer",),
        "dob": ("birth", "date"),
        "dod": ("death", "date"),
        "dt": ("date",),
        "dte": ("date",),
        "dat": ("date",),
        "desc": ("description",),
        "descr": ("description",),
        "dept": ("department",),
        "dpt": ("department",),
        "dur": ("duration",),
        "emp": ("employee",),
        "empl": ("employee",),
        "eml": ("email",),
        "mail": ("email",),
        "fname": ("first", "name"),
        "lname": ("last", "name"),
        "mname": ("middle", "name"),
        "fax": ("fax",),
        "gb": ("gb",),
        "hq": ("headquarter",),
        "hr": ("hour",),
        "hrs": ("hour",),
        "id": ("id",),
        "ident": ("id",),
        "identifier": ("id",),
        "img": ("image",),
        "inv": ("invoice",),
        "invc": ("invoice",),
        "lang": ("language",),
        "lat": ("latitude",),
        "lng": ("longitude",),
        "lon": ("longitude",),
        "long": ("longitude",),
        "loc": ("location",),
        "max": ("maximum",),
        "mem": ("memory",),
        "mgr": ("manager",),
        "min": ("minimum",),
        "mo": ("month",),
        "mth": ("month",),
        "msg": ("message",),
        "nm": ("name",),
        "nam": ("name",),
        "nbr": ("number",),
        "num": ("number",),
        "no": ("number",),
        "nr": ("number",),
        "nmbr": ("number",),
        "opp": ("opportunity",),
        "oppty": ("opportunity",),
        "opty": ("opportunity",),
        "org": ("organization",),
        "pct": ("percent",),
        "perc": ("percent",),
        "pcnt": ("percent",),
        "ph": ("phone",),
        "phn": ("phone",),
        "pmt": ("payment",),
        "pos": ("position",),
        "prc": ("price",),
        "prob": ("probability",),
        "prod": ("product",),
        "qty": ("quantity",),
        "qnty": ("quantity",),
        "rec": ("record",),
        "ref": ("reference",),
        "reg": ("region",),
        "rev": ("revenue",),
        "sess": ("session",),
        "seq": ("sequence",),
        "src": ("source",),
        "st": ("state",),
        "stat": ("status",),
        "sts": ("status",),
        "std": ("standard",),
        "str": ("street",),
        "tel": ("phone",),
        "tele": ("phone",),
        "telf": ("phone",),
        "ts": ("timestamp",),
        "tm": ("time",),
        "tot": ("total",),
        "txn": ("transaction",),
        "trx": ("transaction",),
        "tran": ("transaction",),
        "typ": ("type",),
        "tp": ("type",),
        "uom": ("unit",),
        "upd": ("updated",),
        "usr": ("user",),
        "util": ("utilization",),
        "utilisation": ("utilization",),
        "val": ("value",),
        "vcpu": ("vcpu",),
        "vol": ("volume",),
        "wt": ("weight",),
        "yr": ("year",),
        "zip": ("postal", "code"),
        "zipcode": ("postal", "code"),
        "postcode": ("postal", "code"),
        "plz": ("postal", "code"),
        "pstlz": ("postal", "code"),
        "url": ("url",),
        "www": ("url",),
        "kwh": ("kwh",),
        "ipi": ("ipi",),
        "sku": ("product", "code"),
        "upc": ("product", "code"),
        "ein": ("tax", "id"),
        "vat": ("tax",),
        "ssn": ("social", "security", "number"),
        "gl": ("general", "ledger"),
        "po": ("purchase", "order"),
        "ap": ("payable",),
        "ar": ("receivable",),
        "ytd": ("year", "to", "date"),
        "mtd": ("month", "to", "date"),
        "arr": ("annual", "recurring", "revenue"),
        "mrr": ("monthly", "recurring", "revenue"),
        "kpi": ("kpi",),
        "sla": ("sla",),
        "nps": ("net", "promoter", "score"),
        "az": ("availability", "zone"),
        "ec2": ("ec2",),
        "sz": ("size",),
        "ht": ("height",),
        "wdth": ("width",),
        "len": ("length",),
    }
)

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("phone", "telephone", "mobile", "cell", "cellphone", "mobileno", "contactno"),
    ("email", "mail", "emailaddress", "e-mail"),
    ("postal", "zip", "postcode"),
    ("url", "website", "webpage", "homepage", "web", "link", "webaddress"),
    ("company", "organization", "organisation", "firm", "business", "enterprise", "employer"),
    ("customer", "client", "buyer", "consumer", "patron"),
    ("supplier", "vendor", "provider", "seller"),
    ("revenue", "turnover", "income"),
    ("employee", "headcount", "staff", "personnel", "worker"),
    ("gender", "sex"),
    ("spouse", "partner", "husband", "wife"),
    ("first", "given", "forename", "firstname", "givenname"),
    ("last", "family", "surname", "lastname", "familyname"),
    ("name", "label", "title", "caption"),
    ("city", "town", "municipality", "locality"),
    ("country", "nation"),
    ("state", "province", "county"),
    ("street", "road", "avenue"),
    ("start", "begin", "beginning", "kickoff", "commence"),
    ("end", "finish", "stop", "until", "expiry", "expiration", "termination"),
    ("created", "creation", "create", "createdon", "createdat", "inserted", "added", "opened", "launch", "launched"),
    ("updated", "modified", "changed", "lastmodified", "edited", "update", "modify", "change"),
    ("closed", "close", "closing"),
    ("probability", "likelihood", "chance", "odd"),
    ("stage", "phase", "step", "pipelinestage"),
    ("status", "condition"),
    ("industry", "sector", "vertical"),
    ("cost", "spend", "charge", "expense", "fee", "expenditure", "spending"),
    ("price", "rate", "tariff"),
    ("amount", "sum", "total", "value"),
    ("quantity", "qty", "count", "volume"),
    ("region", "zone", "area", "territory"),
    ("description", "detail", "note", "comment", "remark", "memo", "text"),
    ("category", "class", "group", "classification"),
    ("type", "kind", "genre", "sort"),
    ("id", "key", "identifier", "uid", "uuid", "guid", "pk"),
    ("number", "no", "nr", "num", "nbr"),
    ("date", "dt"),
    ("time", "timestamp", "datetime", "moment"),
    ("birth", "born"),
    ("death", "died", "deceased"),
    ("child", "children", "kid", "offspring"),
    ("residence", "domicile", "home"),
    ("ethnicity", "ethnic", "ancestry"),
    ("religion", "faith", "belief"),
    ("username", "handle", "screenname"),
    ("health", "wellness"),
    ("score", "rating"),
    ("risk", "danger", "exposure"),
    ("usage", "consumption"),
    ("session", "visit"),
    ("feature", "capability", "function"),
    ("utilization", "utilisation", "load", "busy"),
    ("memory", "ram", "mem"),
    ("storage", "disk"),
    ("instance", "machine", "vm", "server", "host", "node"),
    ("resource", "asset"),
    ("service", "product", "offering"),
    ("invoice", "bill", "billing"),
    ("report", "statement"),
    ("manufacturer", "maker", "brand", "producer"),
    ("address", "addr"),
    ("location", "place"),
    ("father", "dad"),
    ("mother", "mom", "mum"),
    ("duration", "elapsed"),
    ("deal", "opportunity"),
    ("size", "dimension", "diameter", "magnitude"),
    ("owner", "assignee", "rep", "salesperson"),
    ("document", "doc"),
    ("ordered", "order"),
    ("shipped", "ship", "shipping", "delivery", "deliver"),
    ("discount", "rebate", "markdown"),
)

WEAK_TOKENS: frozenset[str] = frozenset(
    {
        # units
        "gb",
        "mb",
        "kb",
        "tb",
        "pct",
        "percent",
        "cm",
        "mm",
        "kg",
        "usd",
        "eur",
        "ms",
        "sec",
        "hrs",
        # generic words
        "label",
        "cnt",
        "count",
        "code",
        "cd",
        "value",
        "field",
        "data",
        "info",
        "information",
        "flag",
        "c",
        "txt",
        "text",
        "the",
        "of",
        "a",
        "in",
        "source",
        "is",
        "has",
        "attr",
        "attribute",
        "property",
        "col",
        "column",
        "fld",
        "detail",
        "raw",
        "actual",
        "current",
        "curr",
        "primary",
        "main",
        "default",
    }
)

STOPWORDS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "and",
        "or",
        "by",
        "with",
        "this",
        "that",
        "be",
        "is",
        "are",
        "was",
        "were",
        "it",
        "its",
        "as",
        "at",
        "from",
        "which",
        "each",
        "e",
        "g",
        "eg",
        "ie",
        "etc",
        "if",
        "can",
        "may",
        "will",
        "has",
        "have",
        "been",
        "used",
        "use",
        "table",
        "column",
        "field",
        "value",
        "record",
        "row",
        "stored",
        "store",
        "here",
        "there",
        "such",
        "these",
        "those",
        "also",
        "any",
        "all",
        "not",
        "no",
        "into",
        "when",
        "where",
        "who",
        "whom",
        "whose",
        "than",
        "then",
        "but",
        "so",
        "only",
        "other",
        "some",
        "more",
        "most",
        "about",
        "given",
        "associated",
        "contain",
        "contains",
        "containing",
        "provides",
        "indicate",
        "indicates",
        "represents",
        "represent",
        "information",
        "data",
    }
)


def _build_synonym_index() -> MappingProxyType[str, str]:
    index: dict[str, str] = {}
    for group in SYNONYM_GROUPS:
        canonical = group[0]
        for word in group:
            index.setdefault(word, canonical)
    return MappingProxyType(index)


SYNONYMS: MappingProxyType[str, str] = _build_synonym_index()


def canonical(token: str) -> str:
    """The canonical word of ``token``'s synonym group, or ``token`` itself."""
    return SYNONYMS.get(token, token)


def expand(token: str) -> tuple[str, ...]:
    """``token`` with its abbreviation expanded (``qty`` -> ``quantity``)."""
    return ABBREVIATIONS.get(token, (token,))


def vocabulary() -> frozenset[str]:
    """Every word the dictionaries know, for splitting concatenated names."""
    words: set[str] = set(ABBREVIATIONS)
    for expansion in ABBREVIATIONS.values():
        words.update(expansion)
    words.update(SYNONYMS)
    words.update(WEAK_TOKENS)
    return frozenset(w for w in words if "_" not in w and "-" not in w)

# Relatedness of distinct canonical words that often stand for each other in
# field names (symmetric; 1.0 would mean synonyms, which SYNONYM_GROUPS covers).
RELATED_WORDS: MappingProxyType[frozenset[str], float] = MappingProxyType(
    {
        frozenset({"number", "id"}): 0.75,
        frozenset({"code", "id"}): 0.6,
        frozenset({"code", "number"}): 0.6,
        frozenset({"date", "time"}): 0.7,
        frozenset({"created", "start"}): 0.4,
        frozenset({"amount", "cost"}): 0.7,
        frozenset({"amount", "price"}): 0.55,
        frozenset({"cost", "price"}): 0.65,
        frozenset({"revenue", "amount"}): 0.5,
        frozenset({"quantity", "amount"}): 0.5,
        frozenset({"type", "category"}): 0.7,
        frozenset({"status", "stage"}): 0.6,
        frozenset({"name", "description"}): 0.4,
        frozenset({"address", "street"}): 0.7,
        frozenset({"address", "location"}): 0.5,
        frozenset({"region", "location"}): 0.5,
        frozenset({"region", "state"}): 0.5,
        frozenset({"region", "country"}): 0.4,
        frozenset({"company", "account"}): 0.7,
        frozenset({"customer", "account"}): 0.6,
        frozenset({"customer", "company"}): 0.5,
        frozenset({"service", "category"}): 0.4,
        frozenset({"usage", "quantity"}): 0.65,
        frozenset({"invoice", "cost"}): 0.5,
        frozenset({"transaction", "cost"}): 0.3,
        frozenset({"utilization", "usage"}): 0.4,
        frozenset({"score", "rating"}): 0.9,
        frozenset({"level", "category"}): 0.4,
        frozenset({"probability", "percent"}): 0.6,
        frozenset({"url", "email"}): 0.2,
        frozenset({"owner", "user"}): 0.5,
        frozenset({"ordered", "created"}): 0.4,
        frozenset({"updated", "last"}): 0.3,
    }
)

# Common words of business and record-keeping schemas: used only to split
# concatenated lower-case names (``shipcity`` -> ``ship``, ``city``).
COMMON_WORDS: frozenset[str] = frozenset(
    """
    account active address admission admit age agency amount annual area average available
    balance bank batch bill billing birth block branch budget building business by
    campaign care category cause center change channel chart child city class client close
    closed code comment company condition contact contract cost count country county credit
    currency current customer daily date day days deal death department description detail
    diagnosis discharge discount district division document dose drug due duration email
    employee employees end estimate estimated event expense extension family fax feature
    features fee first fiscal flag floor follow forecast freight from fund funding gender
    given grade gross group health hire home hour house id in industry instance insurance
    invoice issue issued item key lab label language last lead ledger level line link
    loan location login manager marital material measurement memory middle minute mobile
    month monthly name net network note notes number observation occurrence on open
    operation opportunity order organization origin original out owner page paid parent
    patient payment per percent period person phase phone photo picture pipeline place plan
    planned plant platform postal posting price primary probability procedure product profit
    project province purchase quantity race rate reason record region religion remaining
    reorder report required resource result revenue risk room route sale sales school score
    search second service session sex ship shipped site size sold source specimen spend
    stage start state status stock storage street subject supplier surname target tax term
    territory text time title to total transaction type unit up updated usage used user
    utilization value vendor version via visit vital ward web week weight year yearly zone
    """.split()
)
