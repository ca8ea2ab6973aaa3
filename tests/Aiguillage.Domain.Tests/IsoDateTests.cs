using System.Globalization;

namespace Aiguillage.Domain.Tests;

/// <summary>IsoDate reads what <c>DateOnly.TryParseExact(…, "yyyy-MM-dd", InvariantCulture)</c> reads, and nothing else (issue 23 §4).</summary>
public sealed class IsoDateTests
{
    [Theory]
    [InlineData("2026-01-05")]
    [InlineData("2024-02-29")]
    [InlineData("2023-02-29")]
    [InlineData("2100-02-29")]
    [InlineData("2000-02-29")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("0000-01-01")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("2026-04-31")]
    [InlineData("2026-4-01")]
    [InlineData("2026/04/01")]
    [InlineData(" 2026-04-01")]
    [InlineData("2026-04-01 ")]
    [InlineData("２０２６-04-01")]
    [InlineData("2026-04-0a")]
    [InlineData("26-04-2026")]
    [InlineData("")]
    [InlineData(null)]
    public void Reads_exactly_what_the_framework_reads(string? text)
    {
        var expected = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var framework);
        Assert.Equal(expected, IsoDate.TryParse(text, out var ours));
        Assert.Equal(framework, ours);
    }

    [Fact]
    public void Every_day_of_four_centuries_reads_back()
    {
        for (var day = new DateOnly(1900, 1, 1); day < new DateOnly(2300, 1, 1); day = day.AddDays(1))
        {
            Assert.True(IsoDate.TryParse(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), out var read));
            Assert.Equal(day, read);
        }
    }
}
