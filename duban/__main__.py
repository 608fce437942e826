"""`python -m duban …` runs the command line, as the `duban` script does."""

from duban.pipeline.cli import main

if __name__ == "__main__":
    main()
