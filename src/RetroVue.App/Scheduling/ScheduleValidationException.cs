using RetroVue.App.Common;
using RetroVue.App.Scheduling.Yaml;

namespace RetroVue.App.Scheduling;

/// <summary>Schedule files that cannot be applied; every problem with its file and line. Nothing was changed.</summary>
public sealed class ScheduleValidationException(IReadOnlyList<ScheduleError> errors)
    : UserFacingException(Describe(errors))
{
    public IReadOnlyList<ScheduleError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<ScheduleError> errors) =>
        $"{errors.Count} problem{(errors.Count == 1 ? "" : "s")} in the schedule files; nothing was applied:\n  "
        + string.Join("\n  ", errors.Select(e => e.ToString()));
}
