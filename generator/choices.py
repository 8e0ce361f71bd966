"""The values each answer may take (DESIGN.md section 3), and which this release builds.

Kept free of heavy imports: the CLI reads them to build its options.
"""

ARCHITECTURES = ("serverless", "microservices", "hybrid")
SERVERLESS_KINDS = ("faas", "baas")
CLOUDS = ("aws", "gcp", "azure", "cloudflare")
BAAS_PROVIDERS = ("supabase", "firebase", "amplify")
RUNTIMES = ("python", "node")
TRIGGERS = ("http", "schedule", "queue", "storage")
LANGUAGES = ("python", "typescript", "go", "java", "dotnet")
DATABASES = ("postgres", "none")
GATEWAYS = ("nginx", "kong", "traefik", "envoy", "cloud")
IACS = ("terraform", "native")
CIS = ("github", "gitlab")

# What the blueprints of this release can emit. A value outside these sets is a
# valid word of the contract that is not built yet: refused with a clear message.
AVAILABLE: dict[str, tuple[str, ...]] = {
    "serverless_kind": ("faas",),
    "cloud": ("aws",),
    "language": ("python", "typescript", "go"),
    "trigger": ("http", "schedule", "queue"),
    "gateway": ("nginx", "kong"),
    "ci": ("github",),
}
