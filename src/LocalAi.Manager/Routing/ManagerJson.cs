using System.Text.Json;

namespace LocalAi.Manager.Routing;

internal static class ManagerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
