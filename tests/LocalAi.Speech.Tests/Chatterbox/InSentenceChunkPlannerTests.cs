using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>Which tokens each in-sentence decode renders and which of its samples are sent.</summary>
public sealed class InSentenceChunkPlannerTests
{
    private static readonly InSentenceStreaming Settings = new() { ChunkTokens = 25, RightContextTokens = 3, LeftContextTokens = 50 };

    [Fact]
    public void A_piece_is_due_once_its_right_context_exists_and_windows_start_fifty_tokens_early()
    {
        var planner = new InSentenceChunkPlanner(Settings);

        Assert.Null(planner.Next(27));
        Assert.Equal(new DecodeWindow(0, 28, 0, 25, Last: false), planner.Next(28));
        Assert.Null(planner.Next(52));
        Assert.Equal(new DecodeWindow(0, 53, 25, 50, Last: false), planner.Next(53));
        Assert.Equal(new DecodeWindow(0, 78, 50, 75, Last: false), planner.Next(80));
        Assert.Equal(new DecodeWindow(25, 103, 75, 100, Last: false), planner.Next(103));
        Assert.Equal(new DecodeWindow(50, 104, 100, 104, Last: true), planner.Last(104));
    }

    [Fact]
    public void The_windows_do_not_depend_on_how_the_tokens_arrive()
    {
        static List<DecodeWindow> Plan(IEnumerable<int> arrivals, int total)
        {
            var planner = new InSentenceChunkPlanner(Settings);
            var windows = new List<DecodeWindow>();
            foreach (var available in arrivals)
            {
                while (planner.Next(available) is { } window)
                {
                    windows.Add(window);
                }
            }

            windows.Add(planner.Last(total));
            return windows;
        }

        var oneByOne = Plan(Enumerable.Range(1, 190), 190);
        var allAtOnce = Plan([190], 190);

        Assert.Equal(oneByOne, allAtOnce);
        Assert.Equal(8, allAtOnce.Count);
    }

    [Fact]
    public void The_growing_prefix_starts_every_window_at_the_first_token()
    {
        var planner = new InSentenceChunkPlanner(Settings with { LeftContextTokens = null });

        planner.Next(28);
        planner.Next(53);
        planner.Next(78);

        Assert.Equal(new DecodeWindow(0, 103, 75, 100, Last: false), planner.Next(103));
        Assert.Equal(0, planner.Last(110).Start);
    }

    [Fact]
    public void A_sentence_shorter_than_a_piece_is_one_window_of_all_its_tokens()
    {
        var planner = new InSentenceChunkPlanner(Settings);

        Assert.Null(planner.Next(20));
        var last = planner.Last(20);

        Assert.Equal(new DecodeWindow(0, 20, 0, 20, Last: true), last);
        Assert.Equal(0, last.SendFromSample);
        Assert.Equal(23 * SpeechTokens.SamplesPerToken, last.SendToSample(23 * SpeechTokens.SamplesPerToken));
    }

    [Theory]
    [InlineData(-1, 3, 480)]
    [InlineData(25, 0, 0)]
    [InlineData(25, 1, 961)]
    public void Settings_that_cannot_work_are_refused(int chunk, int right, int fade)
    {
        var settings = new InSentenceStreaming { ChunkTokens = chunk, RightContextTokens = right, FadeSamples = fade };

        Assert.Throws<ArgumentOutOfRangeException>(settings.Validate);
    }
}
