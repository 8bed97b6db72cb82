namespace RetroVue.App.Scheduling.Yaml;

/// <summary>One problem in a schedule file, where it is and what is wrong.</summary>
public sealed record ScheduleError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>A schedule file's text and the name it is reported under.</summary>
public sealed record ScheduleSource(string File, string Text);
