"""The CLI in the active language: `--lang` chosen before parsing, help texts and usage errors translated."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

import typer
import typer.core
from typer import (
    _click,  # typer vendors click without translations; its exceptions are only reachable here
)

from roadmap_cli.i18n import (
    LANGUAGE_VARIABLE,
    N_,
    UnknownLanguageError,
    _,
    choose_language,
    current_language,
    language_from_environment,
    set_language,
)
from roadmap_cli.vocabulary import LANGUAGES, Language

LANGUAGE_OPTION = "--lang"
LANGUAGE_HELP = N_("Language of messages and reports: id (Bahasa Indonesia) or en (default: ROADMAP_LANG, then the locale).")
HELP_OPTION_HELP = N_("Show this message and exit.")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
# typer looks these up through stdlib gettext; they are routed to our catalog (see `_route_typer_messages`).
TYPER_MESSAGES = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
)


LanguageChoice = Language
"""The languages of `--lang`."""


def language_in_arguments(arguments: Sequence[str]) -> str | None:
    """The value of the last `--lang X` or `--lang=X` before a `--`, if any."""
    found = None
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == LANGUAGE_OPTION and index + 1 < len(arguments):
            found = arguments[index + 1]
        elif argument.startswith(LANGUAGE_OPTION + "="):
            found = argument.split("=", 1)[1]
    return found


def chosen_language(arguments: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """`--lang`, else ROADMAP_LANG, else the locale, else English."""
    return language_in_arguments(arguments) or language_from_environment(environ)


def _translated(text: str | None) -> str | None:
    """A help text in the active language (None stays None)."""
    return _(text) if text else text


def translate_help(command: _click.Command) -> None:
    """Put the help texts of `command`, its parameters and its subcommands into the active language."""
    sources: dict[str, str | None] = command.__dict__.setdefault("_source_help", {"help": command.help, "short_help": command.short_help, "epilog": command.epilog})
    command.help = _translated(sources["help"])
    # the command list shows the whole first paragraph, not click's first 45 characters and "..."
    command.short_help = _translated(sources["short_help"]) or (command.help.split("\n\n")[0].strip() if command.help else None)
    command.epilog = _translated(sources["epilog"])
    if command.options_metavar:
        command.options_metavar = _(OPTIONS_METAVAR)
    if isinstance(command, typer.core.TyperGroup):
        command.subcommand_metavar = _(SUBCOMMAND_METAVAR)
    for parameter in command.params:
        source = parameter.__dict__.setdefault("_source_help", getattr(parameter, "help", None))
        if hasattr(parameter, "help"):
            parameter.help = _translated(source)
    for subcommand in getattr(command, "commands", {}).values():
        translate_help(subcommand)


def _route_typer_messages() -> None:
    """typer translates its own labels with stdlib gettext, which follows the process locale; route them to `_`."""
    if hasattr(typer.core, "_"):
        typer.core._ = _


def _usage_with_translated_prefix(command: _click.Command, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
    """The usage line with its `Usage:` label in the active language."""
    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=_("Usage: "))


def _help_option_translated(option: Any) -> Any:
    """The `--help` option with its help text in the active language."""
    if option is not None:
        option.help = _(HELP_OPTION_HELP)
    return option


class TranslatedCommand(typer.core.TyperCommand):
    """A command whose usage line and `--help` text follow the active language."""

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """Write the usage line."""
        _usage_with_translated_prefix(self, ctx, formatter)

    def get_help_option(self, ctx: _click.Context) -> Any:
        """The `--help` option."""
        return _help_option_translated(super().get_help_option(ctx))


def _parameter_hint(error: _click.exceptions.BadParameter) -> str:
    """How a usage error names the parameter it is about (`'--format'`, `'PATHS...'`)."""
    if error.param_hint is not None:
        hint = error.param_hint
        return " / ".join(repr(part) for part in hint) if not isinstance(hint, str) else hint
    if error.param is not None:
        return error.param.get_error_hint()
    return ""


def usage_error_message(error: _click.exceptions.ClickException) -> str:
    """The message of a command-line error, in the active language where its kind is known."""
    exceptions = _click.exceptions
    if isinstance(error, exceptions.NoSuchOption):
        message = _("No such option: {option}").format(option=error.option_name)
        if error.possibilities:
            message = _("No such option: {option} (possible options: {options})").format(option=error.option_name, options=", ".join(sorted(error.possibilities)))
        return message
    if isinstance(error, exceptions.MissingParameter):
        hint = _parameter_hint(error)
        if error.param is not None and error.param.param_type_name == "argument":
            return _("Missing argument {name}.").format(name=hint)
        return _("Missing option {name}.").format(name=hint)
    if isinstance(error, exceptions.BadParameter):
        hint = _parameter_hint(error)
        if hint:
            return _("Invalid value for {parameter}: {message}").format(parameter=hint, message=_(error.message))
        return _("Invalid value: {message}").format(message=_(error.message))
    return _(error.format_message())


def show_usage_error(error: _click.exceptions.ClickException) -> None:
    """Print a command-line error the way click does, in the active language."""
    if isinstance(error, _click.exceptions.NoArgsIsHelpError):
        typer.echo(error.format_message(), err=True)
        return
    if isinstance(error, _click.exceptions.UsageError) and error.ctx is not None:
        hint = ""
        if error.ctx.command.get_help_option(error.ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(command=error.ctx.command_path, option=error.ctx.help_option_names[0]) + "\n"
        typer.echo(f"{error.ctx.get_usage()}\n{hint}", err=True)
    typer.echo(_("Error: {message}").format(message=usage_error_message(error)), err=True)


def _exit_unknown_language(language: str) -> NoReturn:
    """Refuse an unsupported language: exit 2 with the supported list."""
    try:
        set_language(language_from_environment())
    except UnknownLanguageError:
        set_language("en")
    typer.echo(
        _("roadmap: error: unknown language `{language}`; supported: {languages}").format(language=language, languages=", ".join(LANGUAGES)),
        err=True,
    )
    sys.exit(2)


class TranslatedGroup(typer.core.TyperGroup):
    """The command group: chooses the language from the whole command line first, then parses it in that language."""

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """Write the usage line."""
        _usage_with_translated_prefix(self, ctx, formatter)

    def get_help_option(self, ctx: _click.Context) -> Any:
        """The `--help` option."""
        return _help_option_translated(super().get_help_option(ctx))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line in the language it asks for; the previous language is restored afterwards."""
        arguments = list(sys.argv[1:] if args is None else args)
        previous = current_language()
        language = chosen_language(arguments)
        explicit = language_in_arguments(arguments) is not None or bool(os.environ.get(LANGUAGE_VARIABLE, "").strip())
        try:
            choose_language(language, explicit=explicit)
        except UnknownLanguageError:
            _exit_unknown_language(language)
        _route_typer_messages()
        translate_help(self)
        try:
            result = super().main(arguments, prog_name, complete_var, False, windows_expand_args, **extra)
        except _click.exceptions.ClickException as error:
            if not standalone_mode:
                raise
            show_usage_error(error)
            sys.exit(error.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        finally:
            choose_language(previous, explicit=False)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result


class RoadmapTyper(typer.Typer):
    """A typer app whose group and commands follow the active language."""

    def __init__(self, **settings: Any) -> None:
        settings.setdefault("cls", TranslatedGroup)
        super().__init__(**settings)

    def command(self, name: str | None = None, *, cls: type[typer.core.TyperCommand] | None = None, **settings: Any) -> Callable[[Any], Any]:
        """Register a command (a TranslatedCommand unless told otherwise)."""
        return super().command(name, cls=cls or TranslatedCommand, **settings)
