using System.Text.Json;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

/// <summary>The stored form of <see cref="ScheduleState"/>.</summary>
public static class ScheduleStateJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Write(ScheduleState state) => JsonSerializer.Serialize(state, Options);

    public static ScheduleState Read(string json) =>
        JsonSerializer.Deserialize<ScheduleState>(json, Options) ?? throw new JsonException("The stored schedule state is empty.");
}
