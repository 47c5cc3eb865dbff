"""Tickets kept on time (SPEC §9): a helpdesk's ticket log judged against §3.6.

The public entry: `read_log` (a log, with a `TicketMap`) → `judge_log` (a `Judgement` per ticket,
on the batch clock) → `Attainment` (per group); in bulk, `read_chunks` → `judge_chunks` (a
`JudgedChunk` per block of the log) → `Attainment.add_chunk`. `BatchClock` is the business clock
for many start times at once. Needs the `tickets` extra (numpy); the core never imports this
package.
"""

from __future__ import annotations

from .attainment import (
    GROUPS,
    Attainment,
    JudgedChunk,
    Judgement,
    UpdateJudgement,
    judge_chunks,
    judge_log,
)
from .batch_clock import BatchClock, ElapsedClock
from .ticket_log import (
    BadRow,
    LogChunk,
    RawTicket,
    TicketLogError,
    TicketMap,
    read_chunks,
    read_log,
)

__all__ = [
    "GROUPS",
    "Attainment",
    "BadRow",
    "BatchClock",
    "ElapsedClock",
    "JudgedChunk",
    "Judgement",
    "LogChunk",
    "RawTicket",
    "TicketLogError",
    "TicketMap",
    "UpdateJudgement",
    "judge_chunks",
    "judge_log",
    "read_chunks",
    "read_log",
]
