"""eol-check: is this installed version still supported, and what do we owe the customer?

The public API is `__all__`, built from `_EXPORTS`, the one registry of public names (name → the
module that defines it). Names are imported on first use (PEP 562), so that `import eol_check` and
the command line start fast; the `TYPE_CHECKING` block repeats the registry for type checkers, and
tests/core/test_module.py checks that the two agree and that `__all__` is every public name.
"""

import importlib as _importlib

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "bundle_from_catalog": "bundle",
    "catalog_and_policy_from_bundle": "bundle",
    "dumps_bundle": "bundle",
    "load_bundle": "bundle",
    "loads_bundle": "bundle",
    "BusinessCalendar": "business_hours",
    "add_business_hours": "business_hours",
    "add_elapsed_hours": "business_hours",
    "business_calendar": "business_hours",
    "Catalog": "catalog",
    "EolSource": "catalog",
    "Line": "catalog",
    "Product": "catalog",
    "Release": "catalog",
    "load_catalog": "catalog",
    "Classification": "classification",
    "HistoryKind": "classification",
    "ReleaseKind": "classification",
    "classify": "classification",
    "Contract": "contracts",
    "choose_contract": "contracts",
    "customer_contracts": "contracts",
    "iter_contracts": "contracts",
    "load_contracts": "contracts",
    "Cycle": "endoflife",
    "cycle_of": "endoflife",
    "cycles": "endoflife",
    "endoflife_data": "endoflife",
    "endoflife_product": "endoflife",
    "Entitlement": "entitlement",
    "Reason": "entitlement",
    "check_entitlement": "entitlement",
    "AvailabilityError": "errors",
    "CatalogError": "errors",
    "ContractsError": "errors",
    "DataError": "errors",
    "DatabaseError": "errors",
    "EolCheckError": "errors",
    "FetchError": "errors",
    "InputError": "errors",
    "InvalidDate": "errors",
    "InvalidVersion": "errors",
    "OutputError": "errors",
    "PolicyError": "errors",
    "SiteError": "errors",
    "UnknownName": "errors",
    "Finding": "findings",
    "Level": "findings",
    "glossary": "terms",
    "holiday_calendar": "holiday_calendars",
    "holiday_name": "holiday_calendars",
    "public_holidays": "holiday_calendars",
    "LineStatus": "lifecycle",
    "VersionStatus": "lifecycle",
    "current_line": "lifecycle",
    "lines": "lifecycle",
    "support_until": "lifecycle",
    "upcoming_releases": "lifecycle",
    "upgrade_until": "lifecycle",
    "version_status": "lifecycle",
    "NumberedRelease": "numbering",
    "NumberingResult": "numbering",
    "check_numbering": "numbering",
    "suggest_next": "numbering",
    "Clock": "policy",
    "Coverage": "policy",
    "Policy": "policy",
    "Region": "policy",
    "Scope": "policy",
    "Severity": "policy",
    "SeverityTargets": "policy",
    "Status": "policy",
    "load_policy": "policy",
    "Preflight": "preflight",
    "check_preflight": "preflight",
    "LifecycleChange": "products",
    "ProductSummary": "products",
    "next_lifecycle_change": "products",
    "product_summaries": "products",
    "Site": "publish",
    "build_site": "publish",
    "publish_site": "publish",
    "write_site": "publish",
    "BundleOrigin": "remote",
    "FetchedBundle": "remote",
    "fetch_bundle": "remote",
    "ContractState": "report",
    "Outlook": "report",
    "Report": "report",
    "ReportRow": "report",
    "next_change": "report",
    "outlook": "report",
    "ClosedDay": "sla",
    "DueIn": "sla",
    "SlaDeadlines": "sla",
    "parse_reported_at": "sla",
    "sla_deadlines": "sla",
    "SupportAnswer": "support",
    "check": "support",
    "NoPath": "upgrade",
    "UpgradePath": "upgrade",
    "upgrade_allowed": "upgrade",
    "upgrade_path": "upgrade",
    "CatalogValidation": "validation",
    "ProductHistory": "validation",
    "validate_catalog": "validation",
    "Version": "version",
    "parse_lenient": "version",
    "parse_strict": "version",
}

__all__ = ["__version__", *sorted(_EXPORTS)]

TYPE_CHECKING = False
if TYPE_CHECKING:  # the registry, eagerly, for type checkers
    from .bundle import bundle_from_catalog as bundle_from_catalog
    from .bundle import catalog_and_policy_from_bundle as catalog_and_policy_from_bundle
    from .bundle import dumps_bundle as dumps_bundle
    from .bundle import load_bundle as load_bundle
    from .bundle import loads_bundle as loads_bundle
    from .business_hours import BusinessCalendar as BusinessCalendar
    from .business_hours import add_business_hours as add_business_hours
    from .business_hours import add_elapsed_hours as add_elapsed_hours
    from .business_hours import business_calendar as business_calendar
    from .catalog import Catalog as Catalog
    from .catalog import EolSource as EolSource
    from .catalog import Line as Line
    from .catalog import Product as Product
    from .catalog import Release as Release
    from .catalog import load_catalog as load_catalog
    from .classification import Classification as Classification
    from .classification import HistoryKind as HistoryKind
    from .classification import ReleaseKind as ReleaseKind
    from .classification import classify as classify
    from .contracts import Contract as Contract
    from .contracts import choose_contract as choose_contract
    from .contracts import customer_contracts as customer_contracts
    from .contracts import iter_contracts as iter_contracts
    from .contracts import load_contracts as load_contracts
    from .endoflife import Cycle as Cycle
    from .endoflife import cycle_of as cycle_of
    from .endoflife import cycles as cycles
    from .endoflife import endoflife_data as endoflife_data
    from .endoflife import endoflife_product as endoflife_product
    from .entitlement import Entitlement as Entitlement
    from .entitlement import Reason as Reason
    from .entitlement import check_entitlement as check_entitlement
    from .errors import AvailabilityError as AvailabilityError
    from .errors import CatalogError as CatalogError
    from .errors import ContractsError as ContractsError
    from .errors import DatabaseError as DatabaseError
    from .errors import DataError as DataError
    from .errors import EolCheckError as EolCheckError
    from .errors import FetchError as FetchError
    from .errors import InputError as InputError
    from .errors import InvalidDate as InvalidDate
    from .errors import InvalidVersion as InvalidVersion
    from .errors import OutputError as OutputError
    from .errors import PolicyError as PolicyError
    from .errors import SiteError as SiteError
    from .errors import UnknownName as UnknownName
    from .findings import Finding as Finding
    from .findings import Level as Level
    from .holiday_calendars import holiday_calendar as holiday_calendar
    from .holiday_calendars import holiday_name as holiday_name
    from .holiday_calendars import public_holidays as public_holidays
    from .lifecycle import LineStatus as LineStatus
    from .lifecycle import VersionStatus as VersionStatus
    from .lifecycle import current_line as current_line
    from .lifecycle import lines as lines
    from .lifecycle import support_until as support_until
    from .lifecycle import upcoming_releases as upcoming_releases
    from .lifecycle import upgrade_until as upgrade_until
    from .lifecycle import version_status as version_status
    from .numbering import NumberedRelease as NumberedRelease
    from .numbering import NumberingResult as NumberingResult
    from .numbering import check_numbering as check_numbering
    from .numbering import suggest_next as suggest_next
    from .policy import Clock as Clock
    from .policy import Coverage as Coverage
    from .policy import Policy as Policy
    from .policy import Region as Region
    from .policy import Scope as Scope
    from .policy import Severity as Severity
    from .policy import SeverityTargets as SeverityTargets
    from .policy import Status as Status
    from .policy import load_policy as load_policy
    from .preflight import Preflight as Preflight
    from .preflight import check_preflight as check_preflight
    from .products import LifecycleChange as LifecycleChange
    from .products import ProductSummary as ProductSummary
    from .products import next_lifecycle_change as next_lifecycle_change
    from .products import product_summaries as product_summaries
    from .publish import Site as Site
    from .publish import build_site as build_site
    from .publish import publish_site as publish_site
    from .publish import write_site as write_site
    from .remote import BundleOrigin as BundleOrigin
    from .remote import FetchedBundle as FetchedBundle
    from .remote import fetch_bundle as fetch_bundle
    from .report import ContractState as ContractState
    from .report import Outlook as Outlook
    from .report import Report as Report
    from .report import ReportRow as ReportRow
    from .report import next_change as next_change
    from .report import outlook as outlook
    from .sla import ClosedDay as ClosedDay
    from .sla import DueIn as DueIn
    from .sla import SlaDeadlines as SlaDeadlines
    from .sla import parse_reported_at as parse_reported_at
    from .sla import sla_deadlines as sla_deadlines
    from .support import SupportAnswer as SupportAnswer
    from .support import check as check
    from .terms import glossary as glossary
    from .upgrade import NoPath as NoPath
    from .upgrade import UpgradePath as UpgradePath
    from .upgrade import upgrade_allowed as upgrade_allowed
    from .upgrade import upgrade_path as upgrade_path
    from .validation import CatalogValidation as CatalogValidation
    from .validation import ProductHistory as ProductHistory
    from .validation import validate_catalog as validate_catalog
    from .version import Version as Version
    from .version import parse_lenient as parse_lenient
    from .version import parse_strict as parse_strict

del TYPE_CHECKING  # the namespace holds the public names only (tests/core/test_module.py)


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'eol_check' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"eol_check.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
