"""The demo portfolio's plan: every random value drawn up front, in a fixed order."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

CUTOFF = date(2026, 9, 30)  # the demo's "latest quarter end": fixed, so reruns agree
COMPANIES = 32
CO_INVESTORS: list[tuple[str, str, str]] = [
    ("Dr Helen Carver", "angel", "private"),
    ("Rupert Ashdown", "angel", "private"),
    ("Meera Chaudhry", "angel", "private"),
    ("Gareth Pryce", "angel", "private"),
    ("Midlands MedTech Angels", "syndicate", "private"),
    ("Cannock Chase Angel Syndicate", "syndicate", "private"),
    ("Heartlands Health Angels", "syndicate", "private"),
    ("Arden Ventures", "vc", "private"),
    ("Severn Health Capital", "vc", "private"),
    ("Bullring Capital Partners", "vc", "private"),
    ("Mercian Life Sciences Fund", "vc", "private"),
    ("Lickey Hills Growth Equity", "vc", "private"),
    ("Halo Diagnostics plc", "corporate", "private"),
    ("Regional Growth Co-Investment Fund", "public_body", "public"),
    ("Life Sciences Innovation Loan Scheme", "public_body", "public"),
    ("University Enterprise Seed Fund", "public_body", "public"),
]
ROUND_NAMES = ["Pre-seed", "Seed", "Seed extension", "Series A", "Series B"]


@dataclass
class Plan:
    """What will be written for one company; every number drawn up front."""

    number: int
    instrument: str
    start: date
    amount: Decimal
    price: Decimal
    follow_ons: list[tuple[date, Decimal, Decimal]] = field(default_factory=list)
    co: list[list[tuple[int, Decimal, bool]]] = field(default_factory=list)
    fate: str = "hold"  # hold, exit, partial, write_off
    fate_on: date = CUTOFF
    multiple: Decimal = Decimal("1")
    walk: list[Decimal] = field(default_factory=list)
    kpis: list[tuple[int, int, int, int, int, int]] = field(default_factory=list)
    late: bool = False


def plan_draw(rng: random.Random, number: int) -> Plan:
    instrument = rng.choices(["equity", "cln", "loan"], weights=[7, 2, 1])[0]
    start = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 6 * 365 - 200))
    start = start.replace(day=min(start.day, 28))
    amount = Decimal(rng.randrange(50, 500)) * 1000
    price = Decimal(rng.randrange(50, 400)) / 100
    plan = Plan(number, instrument, start, amount, price)
    day = start
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        day += timedelta(days=rng.randrange(300, 700))
        growth = Decimal(rng.randrange(110, 260)) / 100
        follow_amount = Decimal(rng.randrange(50, 300)) * 1000
        if day < date(2026, 6, 30):
            plan.follow_ons.append((day, follow_amount, growth))
    for _ in range(1 + len(plan.follow_ons)):
        picks = rng.sample(range(len(CO_INVESTORS)), rng.randrange(1, 4))
        plan.co.append(
            [(i, Decimal(rng.randrange(20, 400)) * 1000, rng.random() < 0.8) for i in picks]
        )
    plan.fate = rng.choices(["hold", "exit", "partial", "write_off"], weights=[6, 1, 1, 1])[0]
    plan.fate_on = start + timedelta(days=rng.randrange(900, 1800))
    plan.multiple = Decimal(rng.randrange(30, 450)) / 100
    plan.walk = [Decimal(rng.randrange(88, 118)) / 100 for _ in range(30)]
    plan.kpis = [
        (
            rng.randrange(0, 400),  # revenue, £k
            rng.randrange(3, 40),  # headcount
            rng.randrange(0, 4),  # jobs created
            rng.randrange(0, 10),  # jobs safeguarded
            rng.randrange(10, 200),  # R&D, £k
            rng.randrange(3, 30),  # runway months
        )
        for _ in range(30)
    ]
    plan.late = rng.random() < 0.3
    if plan.fate in ("exit", "write_off"):  # no new money after the company is gone
        plan.follow_ons = [f for f in plan.follow_ons if f[0] < plan.fate_on]
    return plan
