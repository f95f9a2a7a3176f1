"""`python -m pipeline` runs the same CLI as the `newsfacts` command."""

from pipeline.cli import main

if __name__ == "__main__":
    main()
