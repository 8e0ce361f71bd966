"""`python -m generator` runs the stackcraft CLI."""

from generator.cli import main

if __name__ == "__main__":
    main()
