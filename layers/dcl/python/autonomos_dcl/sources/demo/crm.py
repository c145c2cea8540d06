"""Demo tables of the customer-facing systems: Dynamics CRM, Salesforce,
HubSpot, Supabase (account health) and MongoDB (product usage).

Each builder takes the shared :class:`World` and returns one Arrow table in
that system's naming style and value formats.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from autonomos_dcl.sources.demo import text
from autonomos_dcl.sources.demo.world import ANCHOR_DAY, COUNTRIES, INDUSTRIES, World, rows

_PRODUCTS = (
    "Cloud Migration",
    "Platform Renewal",
    "Analytics Expansion",
    "Security Suite",
    "Data Warehouse",
    "Support Upgrade",
    "New Licenses",
    "Pilot Project",
)
_DYNAMICS_STAGES = ("Qualify", "Develop", "Propose", "Close")
_DYNAMICS_PROBABILITY = np.array([10, 35, 60, 85])
_SALESFORCE_STAGES = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Value Proposition",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
)
_SALESFORCE_PROBABILITY = np.array([10.0, 20.0, 30.0, 40.0, 60.0, 80.0, 100.0, 0.0])
_HUBSPOT_STAGES = (
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
    "closedwon",
    "closedlost",
)
_HUBSPOT_PROBABILITY = np.array([0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 0.0])
_SALESFORCE_ID_MULTIPLIER = 301_234_567_891


def _days(offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    return ANCHOR_DAY + offsets.astype("timedelta64[D]")


def _moments(rng: np.random.Generator, n: int, low: int, high: int) -> npt.NDArray[np.datetime64]:
    """Random seconds between ``low`` and ``high`` days around the anchor day."""
    day = _days(rng.integers(low, high, n)).astype("datetime64[s]")
    return day + rng.integers(0, 86400, n).astype("timedelta64[s]")


def _millis(values: npt.NDArray[np.datetime64]) -> pa.Array:
    return pa.array(values.astype("datetime64[ms]"))


def _phones(rng: np.random.Generator, n: int) -> pa.Array:
    area = pc.cast(pa.array(rng.integers(201, 990, n)), pa.string())
    line = text.padded("", rng.integers(0, 10_000, n), 4)
    return text.join("+1 (", area, ") 555-", line, sep="")


def salesforce_account_ids(index: npt.NDArray[np.int64]) -> pa.StringArray:
    """18-character Salesforce Account Ids of company indices."""
    return text.prefixed_base62("0015g000", index, 10, _SALESFORCE_ID_MULTIPLIER)


def dynamics_accounts(world: World) -> pa.Table:
    rng = world.rng("dynamics.accounts")
    c = world.companies
    index = np.arange(world.sizes.dynamics, dtype=np.int64)
    n = len(index)
    domain = c.domain.take(pa.array(index))
    return pa.table(
        {
            "accountid": text.guids(index, 101),
            "name": c.name.take(pa.array(index)),
            "accountnumber": text.padded("ACC-", index + 1000, 6),
            "industrycode": text.take(INDUSTRIES, c.industry[index]),
            "revenue": pa.array(c.revenue[index]),
            "numberofemployees": pa.array(c.employees[index], pa.int32()),
            "telephone1": _phones(rng, n),
            "emailaddress1": text.join("info@", domain, sep=""),
            "websiteurl": text.join("https://www.", domain, sep=""),
            "address1_country": text.take(COUNTRIES, c.country[index]),
            "createdon": _millis(c.created[index]),
            "modifiedon": _millis(_moments(rng, n, -120, 0)),
        }
    )


def dynamics_opportunities(world: World) -> pa.Table:
    rng = world.rng("dynamics.opportunities")
    n = rows(400, world.scale)
    account = rng.integers(0, world.sizes.dynamics, n)
    stage = rng.choice(len(_DYNAMICS_STAGES), n, p=[0.3, 0.3, 0.25, 0.15])
    state = np.where(stage == 3, rng.choice(3, n, p=[0.4, 0.4, 0.2]), 0)
    probability = np.clip(_DYNAMICS_PROBABILITY[stage] + rng.integers(-5, 6, n), 0, 100)
    names = world.companies.name.take(pa.array(account))
    return pa.table(
        {
            "opportunityid": text.guids(np.arange(n, dtype=np.int64), 102),
            "name": text.join(names, "-", text.pick(rng, _PRODUCTS, n)),
            "parentaccountid": text.guids(account, 101),
            "salesstage": text.take(_DYNAMICS_STAGES, stage),
            "estimatedvalue": pa.array(np.round(rng.lognormal(np.log(60_000), 0.9, n), 2)),
            "estimatedclosedate": pa.array(_days(rng.integers(-60, 180, n))),
            "closeprobability": pa.array(probability, pa.int32()),
            "statecode": text.take(("Open", "Won", "Lost"), state),
            "ownerid": text.guids(rng.integers(0, 12, n), 103),
            "createdon": _millis(_moments(rng, n, -400, -60)),
        }
    )


def salesforce_account(world: World) -> pa.Table:
    rng = world.rng("salesforce.Account")
    c = world.companies
    index = world.sizes.salesforce_companies
    n = len(index)
    taken = pa.array(index)
    health = _health_scores(world, index)
    return pa.table(
        {
            "Id": salesforce_account_ids(index),
            "Name": c.variant_name.take(taken),
            "Industry": text.take(INDUSTRIES, c.variant_industry[index]),
            "AnnualRevenue": pa.array(c.variant_revenue[index]),
            "NumberOfEmployees": pa.array(c.employees[index], pa.int32()),
            "BillingCountry": text.take(COUNTRIES, c.country[index]),
            "Phone": _phones(rng, n),
            "Website": text.join("www.", c.domain.take(taken), sep=""),
            "Type": text.pick(rng, ("Customer - Direct", "Customer - Channel", "Prospect"), n),
            "OwnerId": text.prefixed_base62(
                "0055g000", rng.integers(0, 15, n), 10, _SALESFORCE_ID_MULTIPLIER
            ),
            "CreatedDate": text.format_time(c.created[index], "%Y-%m-%dT%H:%M:%S.000+0000"),
            "Health_Score__c": pa.array(np.clip(np.round(health + rng.normal(0, 3, n), 1), 0, 100)),
            "Customer_Tier__c": text.pick(rng, ("Gold", "Silver", "Bronze"), n),
        }
    )


def salesforce_opportunity(world: World) -> pa.Table:
    rng = world.rng("salesforce.Opportunity")
    n = rows(500, world.scale)
    accounts = world.sizes.salesforce_companies
    account = accounts[rng.integers(0, len(accounts), n)]
    stage = rng.choice(
        len(_SALESFORCE_STAGES), n, p=[0.15, 0.15, 0.12, 0.12, 0.14, 0.12, 0.12, 0.08]
    )
    closed = stage >= 6
    close_offset = np.where(closed, rng.integers(-200, -1, n), rng.integers(-30, 200, n))
    # Open deals of at-risk accounts tend to slip past their close date.
    at_risk = world.companies.at_risk[account] & ~closed
    close_offset = np.where(at_risk, rng.integers(-45, -1, n), close_offset)
    names = world.companies.variant_name.take(pa.array(account))
    return pa.table(
        {
            "Id": text.prefixed_base62(
                "0065g000", np.arange(n, dtype=np.int64), 10, _SALESFORCE_ID_MULTIPLIER
            ),
            "Name": text.join(names, "-", text.pick(rng, _PRODUCTS, n)),
            "AccountId": salesforce_account_ids(account),
            "StageName": text.take(_SALESFORCE_STAGES, stage),
            "Amount": pa.array(np.round(rng.lognormal(np.log(75_000), 1.0, n), 2)),
            "CloseDate": text.format_time(_days(close_offset), "%Y-%m-%d"),
            "Probability": pa.array(_SALESFORCE_PROBABILITY[stage]),
            "Type": text.pick(rng, ("New Business", "Existing Business"), n),
            "LeadSource": text.pick(rng, ("Web", "Partner Referral", "Trade Show", "Outbound"), n),
            "IsClosed": pa.array(closed),
            "IsWon": pa.array(stage == 6),
            "ForecastCategoryName": text.take(
                (
                    "Pipeline",
                    "Pipeline",
                    "Pipeline",
                    "Best Case",
                    "Best Case",
                    "Commit",
                    "Closed",
                    "Omitted",
                ),
                stage,
            ),
            "CreatedDate": text.format_time(
                _moments(rng, n, -400, -200), "%Y-%m-%dT%H:%M:%S.000+0000"
            ),
        }
    )


def hubspot_deals(world: World) -> pa.Table:
    rng = world.rng("hubspot.Deals")
    n = rows(300, world.scale)
    company = rng.integers(0, world.sizes.companies, n)
    stage = rng.choice(len(_HUBSPOT_STAGES), n, p=[0.18, 0.18, 0.16, 0.14, 0.12, 0.14, 0.08])
    closed = stage >= 5
    close_offset = np.where(closed, rng.integers(-200, -1, n), rng.integers(-20, 200, n))
    names = world.companies.name.take(pa.array(company))
    iso = "%Y-%m-%dT%H:%M:%S.000Z"
    return pa.table(
        {
            "hs_object_id": pa.array(9_100_000_000 + np.arange(n, dtype=np.int64) * 7919),
            "dealname": text.join(names, "-", text.pick(rng, _PRODUCTS, n)),
            "dealstage": text.take(_HUBSPOT_STAGES, stage),
            "amount": pa.array(np.round(rng.lognormal(np.log(40_000), 0.8, n), 2)),
            "closedate": text.format_time(_days(close_offset), iso),
            "hs_deal_stage_probability": pa.array(_HUBSPOT_PROBABILITY[stage]),
            "associatedcompanyid": pa.array(5_200_000_000 + company * 13),
            "pipeline": pa.array(np.full(n, "default")),
            "dealtype": text.pick(rng, ("newbusiness", "existingbusiness"), n),
            "hubspot_owner_id": pa.array(rng.integers(30_000_000, 30_000_020, n)),
            "createdate": text.format_time(_moments(rng, n, -400, -200), iso),
        }
    )


def _health_scores(world: World, index: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The "true" health score (0-100) of companies: low for at-risk ones."""
    noise = (text.scramble(index, 31) % np.uint64(1000)).astype(np.float64) / 1000.0
    return np.where(world.companies.at_risk[index], 15 + 30 * noise, 55 + 43 * noise).round(0)


def supabase_account_health(world: World) -> pa.Table:
    rng = world.rng("supabase.account_health")
    index = world.sizes.salesforce_companies
    n = len(index)
    score = _health_scores(world, index).astype(np.int64)
    risk = np.where(score < 40, 0, np.where(score < 70, 1, 2))
    return pa.table(
        {
            "id": text.guids(index, 104),
            "account_id": salesforce_account_ids(index),
            "health_score": pa.array(score, pa.int32()),
            "risk_level": text.take(("high", "medium", "low"), risk),
            "nps_score": pa.array(np.clip(score // 10 + rng.integers(-2, 3, n), 0, 10), pa.int32()),
            "open_tickets": pa.array(
                np.where(score < 40, rng.integers(3, 15, n), rng.integers(0, 4, n)), pa.int32()
            ),
            "updated_at": _millis(_moments(rng, n, -14, 0)),
            "created_at": _millis(_moments(rng, n, -700, -300)),
        }
    )


def mongodb_account_usage(world: World) -> pa.Table:
    rng = world.rng("mongodb.account_usage")
    index = world.sizes.salesforce_companies
    n = len(index)
    at_risk = world.companies.at_risk[index]
    previous = rng.integers(40, 400, n)
    declining = at_risk | (rng.random(n) < 0.05)
    current = np.where(
        declining, previous * rng.uniform(0.1, 0.5, n), previous * rng.uniform(0.85, 1.3, n)
    ).astype(np.int64)
    updated = _moments(rng, n, -2, 0)
    seconds = updated.astype(np.int64).astype(np.uint64)
    object_ids = text.ascii_strings(
        text.hex_digits(seconds, 8), text.hex_digits(text.scramble(index, 105), 16)
    )
    return pa.table(
        {
            "_id": object_ids,
            "accountId": salesforce_account_ids(index),
            "lastLoginDaysAgo": pa.array(
                np.where(at_risk, rng.integers(20, 90, n), rng.integers(0, 10, n)), pa.int32()
            ),
            "sessions30d": pa.array(current, pa.int32()),
            "sessionsPrev30d": pa.array(previous, pa.int32()),
            "avgSessionMinutes": pa.array(np.round(rng.gamma(3.0, 6.0, n), 1)),
            "featuresUsed": pa.array(
                np.where(at_risk, rng.integers(1, 6, n), rng.integers(4, 25, n)), pa.int32()
            ),
            "activeUsers": pa.array(rng.integers(1, 500, n), pa.int32()),
            "plan": text.pick(rng, ("starter", "growth", "enterprise"), n, p=[0.4, 0.4, 0.2]),
            "updatedAt": _millis(updated),
        }
    )
