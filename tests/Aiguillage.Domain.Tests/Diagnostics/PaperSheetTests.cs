using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Domain.Tests.Diagnostics;

public sealed class PaperSheetTests
{
    [Fact]
    public void The_same_office_and_sheet_always_give_the_same_diagnostic_id()
    {
        Assert.Equal(PaperSheet.DiagnosticId(7, "K7FQ-3X2M"), PaperSheet.DiagnosticId(7, "K7FQ-3X2M"));
        Assert.NotEqual(PaperSheet.DiagnosticId(7, "K7FQ-3X2M"), PaperSheet.DiagnosticId(8, "K7FQ-3X2M"));
        Assert.NotEqual(PaperSheet.DiagnosticId(7, "K7FQ-3X2M"), PaperSheet.DiagnosticId(7, "K7FQ-3X2N"));
    }

    [Theory]
    [InlineData("k7fq 3x2m", "K7FQ-3X2M")]
    [InlineData(" K7FQ-3X2M ", "K7FQ-3X2M")]
    [InlineData("K7FQ3X2M", "K7FQ-3X2M")]
    public void What_is_typed_is_normalised(string typed, string expected) => Assert.Equal(expected, PaperSheet.Normalise(typed));

    [Theory]
    [InlineData("K7FQ-3X2")]
    [InlineData("K7FQ-3X2O")]   // O is not in the alphabet (looks like 0)
    [InlineData("")]
    public void Malformed_numbers_are_refused(string number)
    {
        Assert.False(PaperSheet.IsNumber(number));
        Assert.Throws<DomainException>(() => PaperSheet.DiagnosticId(1, number));
    }
}
