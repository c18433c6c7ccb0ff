"""The CLI's language layer (roadmap_cli.cli_language): `--lang` found before parsing, usage errors and help in the
active language, and the group's behaviour outside standalone mode, run in-process."""

from __future__ import annotations

from typing import Annotated

import pytest
import typer
from typer import _click
from typer.testing import CliRunner

from roadmap_cli.cli_language import RoadmapTyper, language_in_arguments, show_usage_error, usage_error_message
from support.cli import invoke


def test_the_language_is_the_last_lang_before_a_double_dash() -> None:
    """`--lang X` and `--lang=X` both count, the last one wins, a `--lang` without a value and anything after `--` do not."""
    assert language_in_arguments(["--lang", "id", "plan", "--lang=en"]) == "en"
    assert language_in_arguments(["plan", "--lang=id", "--", "--lang", "en"]) == "id"
    assert language_in_arguments(["plan", "--", "--lang", "id"]) is None
    assert language_in_arguments(["plan", "--lang"]) is None


def test_an_unknown_option_names_the_close_ones_in_both_languages() -> None:
    """A misspelt option: exit 2, the usage line, how to get help, and the options it may have meant."""
    code, _out, err = invoke("plan", "--colour", "never")
    assert code == 2
    assert err == "Usage: roadmap plan [OPTIONS] [paths]...\nTry 'roadmap plan -h' for help.\n\nError: No such option: --colour (possible options: --color)\n"
    code, _out, err = invoke("--lang", "id", "plan", "--colour", "never")
    assert code == 2
    assert err.splitlines()[0] == "Penggunaan: roadmap plan [OPSI] [paths]..."
    assert "Kesalahan: Opsi tidak dikenal: --colour (opsi yang mungkin dimaksud: --color)" in err


def test_an_unknown_option_with_nothing_close_lists_none() -> None:
    code, _out, err = invoke("schema", "--zzz")
    assert code == 2
    assert err.endswith("Error: No such option: --zzz\n")


def test_a_missing_argument_is_named() -> None:
    """`explain` without the initiative id: exit 2, says which argument is missing."""
    code, _out, err = invoke("explain")
    assert code == 2
    assert err.endswith("Error: Missing argument 'initiative'.\n")
    code, _out, err = invoke("--lang", "id", "explain")
    assert code == 2
    assert "roadmap explain" in err and "initiative" in err and "Error:" not in err


def test_an_extra_argument_is_a_usage_error() -> None:
    """Errors of other kinds keep click's message: exit 2, the extra argument named."""
    code, _out, err = invoke("schema", "extra")
    assert code == 2
    assert err.endswith("Error: Got unexpected extra argument(s) (extra)\n")


def test_no_command_shows_the_help() -> None:
    """`roadmap` alone prints the help (the usage line and the commands) on stderr and exits 2."""
    code, out, err = invoke()
    assert code == 2 and out == ""
    assert err.startswith("Usage: roadmap [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in err and "validate" in err
    code, _out, err = invoke("--lang", "id")
    assert code == 2 and err.startswith("Penggunaan: roadmap [OPSI] PERINTAH [ARGUMEN]...")


def test_bad_parameter_messages_name_the_parameter_when_they_can() -> None:
    """A value error names the parameter by its hint (a string or several names), by the parameter, or not at all."""
    bad = _click.exceptions.BadParameter
    assert usage_error_message(bad("must be positive", param_hint="'--width'")) == "Invalid value for '--width': must be positive"
    assert usage_error_message(bad("must be positive", param_hint=["--width", "-w"])) == "Invalid value for '--width' / '-w': must be positive"
    assert usage_error_message(bad("too high", param=_count_option())) == "Invalid value for '--count': too high"
    assert usage_error_message(bad("too high")) == "Invalid value: too high"


def test_a_missing_option_is_named() -> None:
    assert usage_error_message(_click.exceptions.MissingParameter(param=_count_option())) == "Missing option '--count'."


def test_an_error_without_a_command_is_only_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    """An error raised outside any command has no usage line and no help hint."""
    show_usage_error(_click.exceptions.UsageError("something is off"))
    assert capsys.readouterr().err == "Error: something is off\n"


def _small_app() -> typer.Typer:
    """An app built like the CLI, without `[OPTIONS]` in its usage lines: a command without `--help` and with a required
    option, one that aborts, one that returns a value."""
    app = RoadmapTyper(name="small", add_completion=False, rich_markup_mode=None, options_metavar="")

    @app.command(add_help_option=False)
    def bare(name: str, count: Annotated[int, typer.Option("--count")]) -> None:
        """Print the name and the count."""
        typer.echo(f"{name} {count}")

    @app.command()
    def stop() -> None:
        """Stop the way a declined confirmation prompt does."""
        raise typer.Abort

    @app.command()
    def answer() -> int:
        """Return a value."""
        return 42

    return app


def _count_option() -> _click.Parameter:
    """The small app's `--count` option."""
    group = typer.main.get_command(_small_app())
    assert isinstance(group, typer.core.TyperGroup)
    return next(parameter for parameter in group.commands["bare"].params if parameter.name == "count")


def test_a_command_without_help_option_gives_no_help_hint() -> None:
    """Without `--help` the usage error has no `Try ... for help.` line; the usage line has no `[OPTIONS]`."""
    result = CliRunner().invoke(_small_app(), ["bare", "kaltara"])
    assert result.exit_code == 2
    assert result.stderr == "Usage: small bare {name}\n\nError: Missing option '--count'.\n"
    assert CliRunner().invoke(_small_app(), ["bare", "kaltara", "--count", "3"]).stdout == "kaltara 3\n"


def test_an_abort_says_so() -> None:
    """A command that aborts (as a declined prompt does): `Aborted!` on stderr, exit 1."""
    result = CliRunner().invoke(_small_app(), ["stop"])
    assert result.exit_code == 1
    assert result.stderr.endswith("Aborted!\n")


def test_outside_standalone_mode_errors_are_raised_and_results_returned() -> None:
    """`main(standalone_mode=False)` hands usage errors, aborts and the command's result to the caller."""
    group = typer.main.get_command(_small_app())
    with pytest.raises(_click.exceptions.NoSuchOption):
        group.main(["bare", "--cuont", "1"], standalone_mode=False)
    with pytest.raises(typer.Abort):
        group.main(["stop"], standalone_mode=False)
    assert group.main(["answer"], standalone_mode=False) == 42
