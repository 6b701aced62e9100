"""Realistic values for what a schema cannot say, so the fuzzer reaches the app's logic.

- skipToken and a trigger's state are sealed by the app: only its own nextLink or Location opens
  them, so the fuzzer leaves them out rather than inventing ones.
- Provisioning logs go back 30 days: a valid date-time is moved into that window (an invalid one
  is left as it is, for the negative cases).
"""
from datetime import datetime, timedelta, timezone

import schemathesis

SEALED = ("skipToken", "state")


def _recent(value, days_ago):
    try:
        datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return value
    moment = datetime.now(timezone.utc) - timedelta(days=days_ago)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@schemathesis.hook
def map_query(ctx, query):
    if not query:
        return query
    for name in SEALED:
        query.pop(name, None)
    if "since" in query:
        query["since"] = _recent(query["since"], 2)
    if "until" in query:
        query["until"] = _recent(query["until"], 1)
    return query
