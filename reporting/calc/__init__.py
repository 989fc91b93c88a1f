"""FundOps' calculation engine: pure Python + NumPy, no Django and nothing else of the project.

Money is ``Decimal`` throughout; floats appear only inside the rate solvers. Modules:

* ``xirr``: ``xirr``, ``xirr_roots``, ``xirr_is_unique``, ``xnpv`` (Excel's conventions);
* ``xirr_batch``: ``xirr_many``, ``xirr_rates``, ``xirr_frame`` (many series at once);
* ``multiples``: ``CashFlow``, ``Valuation``, ``latest_valuation``, TVPI/DPI/RVPI/MOIC;
* ``performance``: gross IRR per investment and per group, as of a date, quarter by quarter;
* ``leverage``: deal, fund, follow-on, crowded-in and grant leverage, each labelled;
* ``loans``: amortising loan schedules to the penny;
* ``money``: ``PENNY``, ``to_pennies``, ``ratio``, ``split_pro_rata``;
* ``periods``: month arithmetic and quarter-ends.
"""

from .leverage import (
    FundedRound,
    GrantMatch,
    Leverage,
    RoundStage,
    crowded_in_leverage,
    deal_leverage,
    fund_leverage,
    grant_leverage,
    leverage_report,
)
from .loans import LoanRow, loan_schedule
from .money import PENNY, ratio, split_pro_rata, to_pennies
from .multiples import (
    CashFlow,
    Multiples,
    Valuation,
    distributions,
    dpi,
    latest_valuation,
    moic,
    multiples,
    paid_in,
    rvpi,
    tvpi,
)
from .performance import (
    InvestmentHistory,
    gross_irr,
    group_irr,
    group_irr_flows,
    group_irr_over_time,
    irr_as_of,
    irr_flows,
    irr_over_time,
)
from .periods import add_months, month_end, quarter_end, quarter_ends
from .xirr import xirr, xirr_is_unique, xirr_roots, xnpv
from .xirr_batch import xirr_frame, xirr_many, xirr_rates

__all__ = [
    "PENNY",
    "CashFlow",
    "FundedRound",
    "GrantMatch",
    "InvestmentHistory",
    "Leverage",
    "LoanRow",
    "Multiples",
    "RoundStage",
    "Valuation",
    "add_months",
    "crowded_in_leverage",
    "deal_leverage",
    "distributions",
    "dpi",
    "fund_leverage",
    "grant_leverage",
    "gross_irr",
    "group_irr",
    "group_irr_flows",
    "group_irr_over_time",
    "irr_as_of",
    "irr_flows",
    "irr_over_time",
    "latest_valuation",
    "leverage_report",
    "loan_schedule",
    "moic",
    "month_end",
    "multiples",
    "paid_in",
    "quarter_end",
    "quarter_ends",
    "ratio",
    "rvpi",
    "split_pro_rata",
    "to_pennies",
    "tvpi",
    "xirr",
    "xirr_frame",
    "xirr_is_unique",
    "xirr_many",
    "xirr_rates",
    "xirr_roots",
    "xnpv",
]
