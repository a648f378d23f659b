using System.Text.Json;
using LocalAi.Hosting.Json;

namespace LocalAi.Manager.Routing;

internal static class ManagerJson
{
    public static readonly JsonSerializerOptions Options = ServiceJson.Web;
}
