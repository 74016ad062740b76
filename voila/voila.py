"""Voilà configuration for `make workshop` (run with --Voila.config_file_paths=voila).

Measured and chosen for a 2-core laptop serving a room: see docs/benchmarks.md for the numbers.
"""

# ruff: noqa: F821  (get_config is provided by traitlets when this file is loaded)
from casebook.catalog import series
from casebook.evidence import MAX_FILE_BYTES
from casebook.server import cookie_secret
from casebook.visitor import HEADER

c = get_config()

# Several people, one server: each browser is its own visitor (name, language, answers, workshop, evidence).
# The server tells a page's kernel who the visitor is through a request header it writes itself
# (casebook/server.py); the cookie secret is kept beside the attempts store so identities survive a restart.
c.Voila.identity_provider_class = "casebook.server.VisitorIdentityProvider"
c.Voila.cookie_secret = cookie_secret()
c.VoilaConfiguration.http_header_envs = [HEADER]

# An evidence file travels to the kernel in one websocket message; tornado drops messages over 10 MiB by
# default, which made files between 10 and 50 MB (the evidence log's limit) vanish without a word.
c.Voila.tornado_settings = {"websocket_max_message_size": MAX_FILE_BYTES + 8 * 2**20}

# Listen on the loopback interface only; serving a room's network is a deliberate choice (README).
c.Voila.ip = "127.0.0.1"
c.Voila.open_browser = False

# Our template (workbook look, landing page); no ?template= or ?theme= overrides from the URL.
c.VoilaConfiguration.template = "casebook"
c.VoilaConfiguration.classic_tree = True
c.VoilaConfiguration.allow_template_override = "NO"
c.VoilaConfiguration.allow_theme_override = "NO"

# Trainees never see a Python traceback; errors are shown by the widgets in plain words.
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.strip_sources = True

# Preheated kernels: one waiting kernel per notebook. fill_delay was measured on 2 cores (docs/benchmarks.md):
# with 0 s the refill competes with the page just served (1.70 s instead of 1.44 s); with 4 or 8 s a second
# trainee opening the same notebook two seconds later waits for the refill (4.1 s, 8.0 s); with 1 s both
# pages are fast (1.44 s, then 0.94 s).
c.VoilaConfiguration.preheat_kernel = True
c.VoilaConfiguration.default_pool_size = 1
c.VoilaKernelManager.fill_delay = 1.0

# Voilà never shuts a kernel down when a page closes: cull kernels idle for 10 minutes with no page
# attached. A trainee whose page is still open keeps their kernel.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False


def _series_hook(page_config, **kwargs):
    """Give the landing page the series in teaching order, with titles and descriptions."""
    page_config["casebookSeries"] = [e.__dict__ for e in series()]
    page_config["casebookTrainer"] = [e.__dict__ for e in series(audience="trainer")]
    return page_config


c.VoilaConfiguration.page_config_hook = _series_hook
