"""Field-naming conventions of the supported source systems.

Each system maps a column name, normalised with
:func:`tokens.normalise_name` (lower-case, alphanumerics only, Salesforce
``__c`` removed), to a plain-English phrase that the matcher tokenises instead
of the raw name. Written from general knowledge of each product's standard
schema (Dynamics 365 CE, Salesforce, HubSpot, SAP ERP SD/FI tables, NetSuite
records, AWS Cost and Usage Report exports as loaded into Snowflake, MongoDB
and Supabase habits, legacy SQL Hungarian prefixes).

Lookup order (:func:`describe`): the table's own system, then a table of
entries that mean the same thing in every system (used when the system is
unknown, e.g. a CSV upload).
"""

from __future__ import annotations

from types import MappingProxyType

DYNAMICS: dict[str, str] = {
    "accountid": "account id",
    "accountnumber": "account number",
    "name": "name",
    "revenue": "annual revenue",
    "revenuebase": "annual revenue base currency",
    "numberofemployees": "employee count",
    "industrycode": "industry",
    "createdon": "created date",
    "modifiedon": "updated date",
    "overriddencreatedon": "created date",
    "telephone1": "phone",
    "telephone2": "phone secondary",
    "emailaddress1": "email",
    "websiteurl": "website url",
    "address1city": "city",
    "address1country": "country",
    "address1postalcode": "postal code",
    "address1line1": "street address",
    "address1stateorprovince": "state",
    "parentaccountid": "parent account id",
    "parentaccountidvalue": "parent account id",
    "primarycontactid": "primary contact id",
    "ownerid": "owner id",
    "statecode": "status",
    "statuscode": "status reason",
    "opportunityid": "opportunity id",
    "customerid": "account id",
    "customeridvalue": "account id",
    "parentaccountidvaluex": "account id",
    "estimatedvalue": "amount",
    "estimatedvaluebase": "amount base currency",
    "actualvalue": "actual amount",
    "estimatedclosedate": "close date",
    "actualclosedate": "actual close date",
    "closeprobability": "probability",
    "stepname": "stage",
    "salesstage": "stage",
    "salesstagecode": "stage",
    "opportunityratingcode": "rating",
    "transactioncurrencyid": "currency",
    "description": "description",
}

SALESFORCE: dict[str, str] = {
    "id": "id",
    "name": "name",
    "accountid": "account id",
    "accountnumber": "account number",
    "annualrevenue": "annual revenue",
    "numberofemployees": "employee count",
    "industry": "industry",
    "type": "type",
    "createddate": "created date",
    "lastmodifieddate": "updated date",
    "systemmodstamp": "updated date",
    "lastactivitydate": "last activity date",
    "stagename": "stage",
    "amount": "amount",
    "expectedrevenue": "expected revenue",
    "closedate": "close date",
    "probability": "probability",
    "isclosed": "closed flag",
    "iswon": "won flag",
    "forecastcategory": "forecast category",
    "ownerid": "owner id",
    "billingcity": "city",
    "billingcountry": "country",
    "billingpostalcode": "postal code",
    "billingstreet": "street address",
    "billingstate": "state",
    "phone": "phone",
    "website": "website url",
    "parentid": "parent account id",
    "leadsource": "lead source",
    "currencyisocode": "currency",
    "healthscore": "health score",
    "risklevel": "risk level",
}

HUBSPOT: dict[str, str] = {
    "hsobjectid": "id",
    "dealid": "deal id",
    "dealname": "deal name",
    "dealstage": "stage",
    "pipeline": "pipeline",
    "amount": "amount",
    "closedate": "close date",
    "createdate": "created date",
    "hscreatedate": "created date",
    "hslastmodifieddate": "updated date",
    "lastmodifieddate": "updated date",
    "hsdealstageprobability": "probability",
    "hsforecastprobability": "probability",
    "hubspotownerid": "owner id",
    "associatedcompanyid": "account id",
    "associatedcompanyids": "account id",
    "companyid": "account id",
    "annualrevenue": "annual revenue",
    "numberofemployees": "employee count",
    "industry": "industry",
    "domain": "website url",
    "dealtype": "type",
    "hsisclosedwon": "won flag",
    "closedlostreason": "lost reason",
}

SAP: dict[str, str] = {
    # customer master (KNA1 and friends)
    "kunnr": "customer number",
    "kunag": "sold to customer number",
    "kunrg": "payer customer number",
    "name1": "name",
    "name2": "name second",
    "name3": "name third",
    "sortl": "search term",
    "land1": "country",
    "ort01": "city",
    "ort02": "district",
    "pstlz": "postal code",
    "regio": "region state",
    "stras": "street address",
    "telf1": "phone",
    "telf2": "phone secondary",
    "telfx": "fax",
    "adrnr": "address number",
    "erdat": "created date",
    "ernam": "created by",
    "aedat": "updated date",
    "aenam": "updated by",
    "brsch": "industry",
    "branc": "industry",
    "ktokd": "account group",
    "stcd1": "tax number",
    "stceg": "vat tax number",
    "spras": "language",
    "loevm": "deletion flag",
    "umsa1": "annual revenue",
    "umsat": "annual revenue",
    "jmzah": "employee count",
    "anred": "title",
    "lifnr": "vendor number",
    # sales and billing documents (VBRK/VBRP, VBAK/VBAP)
    "vbeln": "document number",
    "posnr": "item number",
    "fkdat": "billing date",
    "fkart": "billing type",
    "fktyp": "billing category",
    "netwr": "net amount",
    "mwsbk": "tax amount",
    "waerk": "currency",
    "waers": "currency",
    "fkimg": "billed quantity",
    "vrkme": "sales unit",
    "meins": "unit",
    "matnr": "material number",
    "matkl": "material group category",
    "arktx": "item description",
    "maktx": "material description",
    "bukrs": "company code",
    "vkorg": "sales organization",
    "vtweg": "distribution channel",
    "spart": "division",
    "kostl": "cost center",
    "prctr": "profit center",
    "gjahr": "fiscal year",
    "monat": "fiscal period",
    "budat": "posting date",
    "bldat": "document date",
    "belnr": "document number",
    "dmbtr": "amount local currency",
    "wrbtr": "amount document currency",
    "hkont": "general ledger account",
    "sakto": "general ledger account",
    "zterm": "payment terms",
    "erzet": "created time",
    "audat": "document date",
    "vdatu": "requested delivery date",
    "werks": "plant",
    "lgort": "storage location",
    "charg": "batch",
    "kwmeng": "order quantity",
    "netpr": "net price",
    "kbetr": "rate amount",
    "zuonr": "assignment",
    "sgtxt": "item text description",
    "xblnr": "reference document number",
    "land": "country",
    "ort": "city",
}

NETSUITE: dict[str, str] = {
    "internalid": "id",
    "externalid": "external id",
    "tranid": "transaction number",
    "trandate": "transaction date",
    "postingperiod": "posting period",
    "entity": "vendor",
    "vendor": "vendor",
    "amount": "amount",
    "foreignamount": "amount foreign currency",
    "currency": "currency",
    "exchangerate": "exchange rate",
    "memo": "description",
    "subsidiary": "subsidiary",
    "department": "department",
    "class": "category",
    "location": "location",
    "account": "general ledger account",
    "duedate": "due date",
    "status": "status",
    "datecreated": "created date",
    "lastmodifieddate": "updated date",
    "startdate": "start date",
    "enddate": "end date",
    "companyname": "company name",
}

SNOWFLAKE_AWS_CUR: dict[str, str] = {
    "lineitemusagestartdate": "usage start date",
    "lineitemusageenddate": "usage end date",
    "lineitemproductcode": "service",
    "lineitemunblendedcost": "cost",
    "lineitemblendedcost": "blended cost",
    "lineitemnetunblendedcost": "net cost",
    "lineitemusageamount": "usage quantity",
    "lineitemusagetype": "usage type",
    "lineitemresourceid": "resource id",
    "lineitemlineitemtype": "line item type",
    "lineitemoperation": "operation",
    "lineitemavailabilityzone": "availability zone",
    "lineitemcurrencycode": "currency",
    "lineitemusageaccountid": "usage account id",
    "lineitemid": "line item id",
    "identitylineitemid": "line item id",
    "billbillingperiodstartdate": "billing period start date",
    "billpayeraccountid": "payer account id",
    "productregion": "region",
    "productregioncode": "region",
    "productlocation": "location",
    "productinstancetype": "instance type",
    "productvcpu": "vcpu",
    "productmemory": "memory",
    "productproductfamily": "product family",
    "productservicecode": "service",
    "productproductname": "service",
    "pricingunit": "pricing unit",
    "pricingpublicondemandcost": "public cost",
    "unblendedcost": "cost",
    "blendedcost": "cost",
    "usagestartdate": "usage start date",
    "usagetype": "usage type",
    "usageamount": "usage quantity",
    "servicename": "service",
    "resourceid": "resource id",
    "instancetype": "instance type",
    "cpuutilization": "cpu utilization",
    "memutilization": "memory utilization",
    "networkin": "network in",
    "networkout": "network out",
    "networkinbytes": "network in",
    "networkoutbytes": "network out",
}

MONGODB: dict[str, str] = {
    "id": "id",
    "oid": "id",
    "createdat": "created date",
    "updatedat": "updated date",
    "lastloginat": "last login",
    "lastlogin": "last login",
    "sessioncount": "session count",
    "avgsessionmin": "average session duration",
    "avgsessionminutes": "average session duration",
    "v": "version",
}

SUPABASE: dict[str, str] = {
    "id": "id",
    "createdat": "created date",
    "updatedat": "updated date",
    "insertedat": "created date",
    "userid": "user id",
}

LEGACY_SQL: dict[str, str] = {
    "custno": "customer number",
    "custnum": "customer number",
    "acctno": "account number",
    "acctnum": "account number",
    "resid": "resource id",
    "rowid": "row id",
    "crtdt": "created date",
    "creatdt": "created date",
    "upddt": "updated date",
    "lstupddt": "updated date",
    "moddt": "updated date",
    "dtcreated": "created date",
    "dtmodified": "updated date",
}

SYSTEMS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "dynamics": MappingProxyType(DYNAMICS),
        "salesforce": MappingProxyType(SALESFORCE),
        "hubspot": MappingProxyType(HUBSPOT),
        "sap": MappingProxyType(SAP),
        "netsuite": MappingProxyType(NETSUITE),
        "snowflake": MappingProxyType(SNOWFLAKE_AWS_CUR),
        "mongodb": MappingProxyType(MONGODB),
        "supabase": MappingProxyType(SUPABASE),
        "legacy_sql": MappingProxyType(LEGACY_SQL),
    }
)

# Hungarian-notation and table prefixes used by legacy SQL schemas; they are
# dropped when what follows is a known word.
LEGACY_PREFIXES: tuple[str, ...] = (
    "str",
    "int",
    "dt",
    "dtm",
    "dec",
    "flt",
    "dbl",
    "bln",
    "bit",
    "num",
    "txt",
    "chr",
    "vch",
    "nvc",
    "tbl",
    "fld",
    "col",
    "cur",
    "mny",
)


# Systems whose names are codes or long compounds that mean the same anywhere.
_UNIVERSAL_SYSTEMS: tuple[str, ...] = ("sap", "snowflake", "legacy_sql")

# Names from the other systems that are specific enough to trust anywhere.
_UNIVERSAL_NAMES: frozenset[str] = frozenset(
    {
        "numberofemployees",
        "annualrevenue",
        "createdon",
        "modifiedon",
        "createdate",
        "createddate",
        "lastmodifieddate",
        "stagename",
        "closeprobability",
        "estimatedvalue",
        "estimatedclosedate",
        "websiteurl",
        "telephone1",
        "emailaddress1",
        "industrycode",
        "dealname",
        "dealstage",
        "hsobjectid",
        "createdat",
        "updatedat",
        "trandate",
        "tranid",
        "internalid",
    }
)


def _unambiguous_entries() -> MappingProxyType[str, str]:
    """Entries trusted whatever the system (used when the system is unknown)."""
    merged: dict[str, str] = {}
    for name in _UNIVERSAL_SYSTEMS:
        merged.update(SYSTEMS[name])
    for table in SYSTEMS.values():
        for key, phrase in table.items():
            if key in _UNIVERSAL_NAMES:
                merged.setdefault(key, phrase)
    return MappingProxyType(merged)


ANY_SYSTEM: MappingProxyType[str, str] = _unambiguous_entries()


def describe(normalised_name: str, system: str | None) -> str | None:
    """The plain-English phrase for a normalised column name in ``system``, if known."""
    if system:
        own = SYSTEMS.get(system.lower())
        if own is not None and normalised_name in own:
            return own[normalised_name]
    return ANY_SYSTEM.get(normalised_name)
