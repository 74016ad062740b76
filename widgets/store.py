"""The attempts store lives in :mod:`casebook.store` (it needs no widgets); re-exported here for the views."""

from casebook.store import (
    APP_NAME,
    KINDS,
    SCHEMA_VERSION,
    Attempt,
    Store,
    StoreError,
    anonymous_id,
    check_learner,
    current_learner,
    default_path,
    default_store,
    set_learner,
)

__all__ = [
    "APP_NAME",
    "KINDS",
    "SCHEMA_VERSION",
    "Attempt",
    "Store",
    "StoreError",
    "anonymous_id",
    "check_learner",
    "current_learner",
    "default_path",
    "default_store",
    "set_learner",
]
