"""Command-line entry point (filled in by the CLI module work)."""


def main() -> None:
    raise SystemExit("stackcraft: CLI not built yet")
