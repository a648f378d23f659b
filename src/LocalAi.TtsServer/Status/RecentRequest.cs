namespace LocalAi.TtsServer.Status;

/// <summary>One finished speech request as <c>/v1/status</c> lists it; times in seconds, null where unknown.</summary>
/// <param name="Id">A request id (<c>req_…</c>).</param>
/// <param name="FinishedAt">When it finished, in Unix seconds.</param>
/// <param name="Voice">The voice that spoke.</param>
/// <param name="Characters">The length of the input text.</param>
/// <param name="ResponseFormat">The audio format.</param>
/// <param name="StreamFormat"><c>audio</c> or <c>sse</c>.</param>
/// <param name="Outcome"><c>completed</c>, <c>cancelled</c> (the client left) or <c>failed</c>.</param>
/// <param name="TimeToFirstAudio">From the request to its first audio bytes.</param>
/// <param name="GenerationTime">Wall time of the generation.</param>
/// <param name="AudioDuration">Seconds of audio produced.</param>
/// <param name="RealTimeFactor">Generation time divided by audio duration.</param>
internal sealed record RecentRequest(
    string Id,
    double FinishedAt,
    string Voice,
    int Characters,
    string ResponseFormat,
    string StreamFormat,
    string Outcome,
    double? TimeToFirstAudio,
    double? GenerationTime,
    double? AudioDuration,
    double? RealTimeFactor);
