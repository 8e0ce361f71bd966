"""The values each answer may take, and which this release builds: read from the capability
table (generator/capabilities.py), named the way the spec and the CLI use them.

Kept free of heavy imports: the CLI reads them to build its options.
"""

from generator.capabilities import offered, values

ARCHITECTURES = values("architecture")
SERVERLESS_KINDS = values("serverless_kind")
CLOUDS = values("cloud")
BAAS_PROVIDERS = values("baas_provider")
RUNTIMES = values("runtime")
TRIGGERS = values("trigger")
LANGUAGES = values("language")
DATABASES = values("database")
GATEWAYS = values("gateway")
IACS = values("iac")
CIS = values("ci")

# What the blueprints of this release can emit (for any answers). A value outside these sets is a
# valid word of the contract that is not built yet: refused with a clear message.
AVAILABLE: dict[str, tuple[str, ...]] = {
    key: offered(key)
    for key in ("architecture", "serverless_kind", "cloud", "baas_provider", "gateway", "iac", "ci",
                "runtime", "trigger", "language", "database")
    if offered(key) != values(key)
}
