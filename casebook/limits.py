"""What one visitor may do, in one place: the sizes and rates that keep one page (or one hostile script)
from filling the store, the machine's memory or the room's time.

Each limit is checked in Python where the thing happens (the store, a workshop, the server), never in the
page; each refusal says in plain words what to do. The README's "Serving a room's network" lists them.
"""

from __future__ import annotations

#: A typed answer (a reflection, an order, a nickname's free text): longer is refused, not cut.
MAX_ANSWER_CHARS = 10_000
#: A text pasted into the evidence log or into "Text to check" (a long chat export is about 100 000).
MAX_TEXT_CHARS = 500_000

#: Checks (and reveals) one learner may store: per question within ``ATTEMPTS_WINDOW_SECONDS``, and over
#: every question and page within a minute. A person checking quickly stays far below both (answering a whole
#: page wrong, then right, then showing each answer is three per question); a script flooding the store (the
#: red team sent 21 a second) is stopped within seconds, and the store grows by at most two answers a second.
MAX_ATTEMPTS_PER_ITEM = 10
ATTEMPTS_WINDOW_SECONDS = 10
MAX_ATTEMPTS_PER_MINUTE = 120

#: Wrong join or resume codes one browser may type within ``JOIN_WINDOW_SECONDS``, and the whole server.
MAX_JOIN_FAILURES = 10
MAX_JOIN_FAILURES_SERVER = 60
JOIN_WINDOW_SECONDS = 60
#: Wrong trainer keys one browser may type, and all browsers for one workshop, within ``KEY_WINDOW_SECONDS``
#: (each wrong key costs a scrypt computation, so the count is checked before the key is).
MAX_KEY_FAILURES = 5
MAX_KEY_FAILURES_WORKSHOP = 20
KEY_WINDOW_SECONDS = 300

#: Workbook pages (each one a kernel, about 100 MB) one browser may open per ``PAGES_WINDOW_SECONDS`` on a
#: Voilà server; a page left is shut down, so this also bounds the pages one browser keeps alive.
MAX_PAGES_PER_WINDOW = 12
PAGES_WINDOW_SECONDS = 60
