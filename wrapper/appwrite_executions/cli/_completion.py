"""Shell completion scripts for bash, zsh and fish, written from the parser itself, so
every command and flag the parser knows is offered and nothing else."""

from __future__ import annotations

import argparse

from ._context import PROG


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _flags(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(
        flag
        for action in parser._actions
        for flag in action.option_strings
        if flag.startswith("--")
    )


def _choices(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for action in parser._actions:
        if action.choices and action.option_strings and isinstance(action.choices, list | tuple):
            for flag in action.option_strings:
                found[flag] = [str(choice) for choice in action.choices]
    return found


def _bash(parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    cases = []
    for name, sub in commands.items():
        choice_cases = "".join(
            f"        {flag}) COMPREPLY=($(compgen -W '{' '.join(values)}' -- \"$cur\")); "
            "return ;;\n"
            for flag, values in _choices(sub).items()
        )
        cases.append(
            f'    {name})\n      case "$prev" in\n{choice_cases}'
            f"      esac\n      flags='{' '.join(_flags(sub))}' ;;\n"
        )
        if name == "completion":
            cases[-1] = cases[-1].replace("flags='", "flags='bash zsh fish ")
        if name == "help":
            cases[-1] = cases[-1].replace("flags='", f"flags='{' '.join(commands)} ")
        if name == "profile":
            cases[-1] = cases[-1].replace(
                "flags='", "flags='list add --key-env --store-key --default "
            )
    function = "_" + PROG.replace("-", "_")
    return f"""# bash completion for {PROG}: eval "$({PROG} completion bash)"
{function}() {{
  local cur prev command="" word flags
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  for word in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
    case "$word" in
      {"|".join(commands)}) command="$word"; break ;;
    esac
  done
  case "$command" in
    "") flags='{" ".join([*_flags(parser), *commands])}' ;;
{"".join(cases)}  esac
  case "$prev" in
    --out|--body-file|--ca-bundle|--db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  COMPREPLY=($(compgen -W "$flags" -- "$cur"))
}}
complete -o default -F {function} {PROG}
"""


def _zsh(parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    lines = [f"#compdef {PROG}", f"# zsh completion for {PROG}: save as _{PROG} in $fpath", ""]
    lines.append(f"_{PROG.replace('-', '_')}() {{")
    lines.append("  local -a commands")
    lines.append("  commands=(")
    for name, sub in commands.items():
        summary = (sub.description or "").split(".")[0].replace("'", "'\\''")
        summary = summary.replace(":", " -")
        lines.append(f"    '{name}:{summary}'")
    lines.append("  )")
    lines.append("  if (( CURRENT == 2 )); then")
    lines.append("    _describe 'command' commands")
    lines.append("    return")
    lines.append("  fi")
    lines.append("  case ${words[2]} in")
    for name, sub in commands.items():
        flags = " ".join(_flags(sub))
        extra = " bash zsh fish" if name == "completion" else ""
        if name == "help":
            extra = " " + " ".join(commands)
        if name == "profile":
            extra = " list add --key-env --store-key --default"
        lines.append(f"    {name}) compadd -- {flags}{extra} ;;")
    lines.append("  esac")
    lines.append("}")
    lines.append(f"compdef _{PROG.replace('-', '_')} {PROG}")
    return "\n".join(lines) + "\n"


def _fish(parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    lines = [f"# fish completion for {PROG}: {PROG} completion fish | source"]
    lines.append(f"complete -c {PROG} -f")
    names = " ".join(commands)
    for name, sub in commands.items():
        summary = (sub.description or "").split(".")[0].replace("'", "\\'")
        lines.append(
            f"complete -c {PROG} -n 'not __fish_seen_subcommand_from {names}' "
            f"-a {name} -d '{summary}'"
        )
        choices = _choices(sub)
        for flag in _flags(sub):
            values = choices.get(flag)
            tail = f" -x -a '{' '.join(values)}'" if values else ""
            lines.append(
                f"complete -c {PROG} -n '__fish_seen_subcommand_from {name}' -l {flag[2:]}{tail}"
            )
    lines.append(
        f"complete -c {PROG} -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'"
    )
    lines.append(f"complete -c {PROG} -n '__fish_seen_subcommand_from help' -a '{names}'")
    lines.append(f"complete -c {PROG} -n '__fish_seen_subcommand_from profile' -a 'list add'")
    for flag in ("key-env", "store-key", "default"):
        lines.append(f"complete -c {PROG} -n '__fish_seen_subcommand_from profile' -l {flag}")
    return "\n".join(lines) + "\n"


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](parser)
