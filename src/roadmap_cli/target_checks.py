"""Validation of indicators and targets: declared indicators, years after the baseline, values on the scale, domain scores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from roadmap_cli.i18n import _
from roadmap_cli.indicators import BUILTIN_INDICATORS, VALUE_TOLERANCE, WEIGHT_TOLERANCE, reading_value, resolve_indicators
from roadmap_cli.models import Reading, Roadmap, Target
from roadmap_cli.plan import WEIGHT_TOTAL, PlannedIndicator
from roadmap_cli.source import PathKey
from roadmap_cli.suggest import did_you_mean

Report = Callable[[PathKey, str, str, str], None]


def _number(value: float) -> str:
    """A value as written in a message: no trailing `.0`."""
    return f"{value:g}"


class TargetChecks:
    """Checks of the `indicators:` section and of every region's and initiative's `targets:`."""

    def __init__(self, model: Roadmap, error: Report, warn: Report, status_date: date | None, as_of: bool) -> None:
        self.model = model
        self.error = error
        self.warn = warn
        self.status_date = status_date
        self.as_of = as_of
        self.indicators = resolve_indicators(model.indicators)

    def run(self) -> None:
        """Every indicator and target problem."""
        self.check_indicators()
        for base, targets in self.owners():
            seen: set[str] = set()
            for j, target in enumerate(targets):
                path = base + ("targets", j)
                if target.indicator in seen:
                    self.error(
                        path + ("indicator",),
                        "duplicate-target",
                        _("indicator `{id}` has two targets here").format(id=target.indicator),
                        _("keep one target per indicator; put every year in its `yearly:`"),
                    )
                seen.add(target.indicator)
                indicator = self.indicator(path + ("indicator",), target.indicator)
                if indicator is not None:
                    self.check_target(path, target, indicator)

    def owners(self) -> Iterator[tuple[PathKey, tuple[Target, ...]]]:
        """Each region's and initiative's path and targets."""
        for i, region in enumerate(self.model.regions):
            yield ("regions", i), region.targets
        for i, item in enumerate(self.model.initiatives):
            yield ("initiatives", i), item.targets

    def check_indicators(self) -> None:
        """A roadmap's own indicators have a name and unit, a scale that runs upwards and weights that add up to 100."""
        for i, entry in enumerate(self.model.indicators):
            path: PathKey = ("indicators", i)
            if entry.id not in BUILTIN_INDICATORS:
                for field in ("name", "unit"):
                    if getattr(entry, field) is None:
                        self.error(
                            path,
                            "incomplete-indicator",
                            _("indicator `{id}` is missing `{field}`").format(id=entry.id, field=field),
                            _("add `{field}:`, or use a built-in indicator ({builtins})").format(field=field, builtins=", ".join(f"`{key}`" for key in BUILTIN_INDICATORS)),
                        )
            indicator = self.indicators[entry.id]
            if indicator.min is not None and indicator.max is not None and indicator.min >= indicator.max:
                self.error(
                    path + ("max",),
                    "indicator-scale",
                    _("indicator `{id}` has `max: {max}`, not above `min: {min}`").format(id=entry.id, max=_number(indicator.max), min=_number(indicator.min)),
                    _("make `max` the highest possible value and `min` the lowest"),
                )
            mins = [lowest for _name, lowest in indicator.bands]
            if len(set(mins)) != len(mins):
                self.error(path + ("bands",), "indicator-scale", _("two bands of indicator `{id}` start at the same value").format(id=entry.id), _("give each band its own `min`"))
            if indicator.domains:
                total = sum(weight for _id, _name, weight in indicator.domains)
                if abs(total - WEIGHT_TOTAL) > WEIGHT_TOLERANCE:
                    self.error(
                        path + ("domains",),
                        "domain-weights",
                        _("the domain weights of indicator `{id}` add up to {total} %, not 100 %").format(id=entry.id, total=_number(round(total, 3))),
                        _("correct the weights so that they add up to 100"),
                    )

    def indicator(self, path: PathKey, indicator_id: str) -> PlannedIndicator | None:
        """The declared indicator of a target; report it when it is not declared."""
        found = self.indicators.get(indicator_id)
        if found is not None:
            return found
        if indicator_id in BUILTIN_INDICATORS:
            self.error(
                path,
                "unknown-indicator",
                _("indicator `{id}` is built in but not declared in this roadmap").format(id=indicator_id),
                _("add `- {id}` under `indicators:`").format(id=indicator_id),
            )
            return None
        choices = [*self.indicators, *BUILTIN_INDICATORS]
        self.error(
            path,
            "unknown-indicator",
            _("unknown indicator `{value}`{did_you_mean}").format(value=indicator_id, did_you_mean=did_you_mean(indicator_id, choices)),
            _("declare indicator `{value}` under `indicators:` or fix the id").format(value=indicator_id),
        )
        return None

    def check_target(self, path: PathKey, target: Target, indicator: PlannedIndicator) -> None:
        """Years after the baseline, values on the scale, actuals not after the status date."""
        baseline = target.baseline
        self.check_reading(path + ("baseline",), baseline, indicator)
        for year, value in sorted(target.yearly.items()):
            where = path + ("yearly", year)
            if year <= baseline.year:
                self.error(
                    where,
                    "target-before-baseline",
                    _("the target for {year} is not after the baseline year {baseline}").format(year=year, baseline=baseline.year),
                    _("give targets for the years after the baseline, or move the baseline to an earlier year"),
                )
            self.check_range(where, value, indicator)
        for year, reading in sorted(target.actuals.items()):
            where = path + ("actuals", year)
            if year < baseline.year:
                self.error(
                    where,
                    "target-before-baseline",
                    _("the actual for {year} is before the baseline year {baseline}").format(year=year, baseline=baseline.year),
                    _("move the baseline to the first year measured"),
                )
            if self.status_date is not None and year > self.status_date.year:
                hint = _("remove it, or give a later `--as-of`") if self.as_of else _("remove it, or set a later `status_date:` in the roadmap header")
                self.error(where, "actual-after-status-date", _("the actual for {year} lies after the status date {date}").format(year=year, date=self.status_date), hint)
            self.check_reading(where, reading, indicator)
        base_value = reading_value(indicator, baseline)
        if base_value is not None and target.yearly:
            last_year = max(target.yearly)
            if not indicator.better(target.yearly[last_year], base_value):
                self.warn(
                    path + ("yearly", last_year),
                    "target-worse-than-baseline",
                    _("the target for {year} ({value}) is worse than the baseline {baseline}").format(year=last_year, value=_number(target.yearly[last_year]), baseline=_number(base_value)),
                    _("check the value, or the indicator's `direction`"),
                )

    def check_reading(self, path: PathKey, reading: Reading, indicator: PlannedIndicator) -> None:
        """A value or domain scores, on the indicator's scale, and agreeing with each other."""
        known = {domain_id for domain_id, _name, _weight in indicator.domains}
        for key, score in sorted(reading.domains.items()):
            if key not in known:
                names = ", ".join(f"`{name}`" for name in sorted(known))
                hint = _("the domains of `{id}` are {names}").format(id=indicator.id, names=names) if known else _("indicator `{id}` has no domains; give `value:` only").format(id=indicator.id)
                self.error(path + ("domains", key), "unknown-domain", _("unknown domain `{value}`{did_you_mean}").format(value=key, did_you_mean=did_you_mean(key, known)), hint)
            else:
                self.check_range(path + ("domains", key), score, indicator)
        computed = indicator.weighted(reading.domains)
        if reading.value is None and computed is None:
            missing = [domain_id for domain_id, _name, _weight in indicator.domains if domain_id not in reading.domains]
            hint = _("add `value:`, or scores for the domains {names}").format(names=", ".join(f"`{name}`" for name in missing)) if reading.domains else _("add `value:`")
            self.error(path, "missing-value", _("no value: neither `value:` nor a score for every domain is given"), hint)
            return
        if reading.value is not None:
            self.check_range(path + ("value",), reading.value, indicator)
            if computed is not None and abs(computed - reading.value) > VALUE_TOLERANCE:
                self.error(
                    path + ("value",),
                    "domain-mismatch",
                    _("the value {value} does not match its domain scores, which give {computed}").format(value=_number(reading.value), computed=f"{computed:.2f}"),
                    _("correct the value or a domain score, or leave out `value:` to use the weighted score"),
                )

    def check_range(self, path: PathKey, value: float, indicator: PlannedIndicator) -> None:
        """A value lies on the indicator's scale."""
        low, high = indicator.min, indicator.max
        if (low is not None and value < low) or (high is not None and value > high):
            scale = f"{_number(low) if low is not None else '…'}-{_number(high) if high is not None else '…'}"
            self.error(
                path,
                "outside-range",
                _("{value} is outside the scale of `{id}` ({scale})").format(value=_number(value), id=indicator.id, scale=scale),
                _("check the value; decimals are written with a point, e.g. 2.45"),
            )
