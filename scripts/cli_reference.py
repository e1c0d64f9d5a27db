"""Print the CLI reference (every command's --help) as Markdown, for the README."""

from __future__ import annotations

import argparse

from coder.cli import build_parser


def main() -> None:
    parser = build_parser()
    print("```text")
    print(parser.format_help().rstrip())
    print("```")
    for action in parser._actions:  # argparse keeps subparsers here; there is no public accessor
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                print(f"\n#### `coder {name}`\n\n```text")
                print(sub.format_help().rstrip())
                print("```")


if __name__ == "__main__":
    main()
