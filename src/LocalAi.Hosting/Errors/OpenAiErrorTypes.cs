namespace LocalAi.Hosting.Errors;

/// <summary>The <c>type</c> values of OpenAI errors.</summary>
public static class OpenAiErrorTypes
{
    /// <summary>The request is malformed or has a bad value (400, 404, 413, 415).</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>The API key is missing or wrong (401).</summary>
    public const string Authentication = "authentication_error";

    /// <summary>The thing asked for does not exist (404 for resources other than routes and models).</summary>
    public const string NotFound = "not_found_error";

    /// <summary>Too many requests (429).</summary>
    public const string RateLimit = "rate_limit_error";

    /// <summary>The server failed or cannot serve now (500, 503).</summary>
    public const string Server = "server_error";
}
