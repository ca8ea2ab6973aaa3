using Aiguillage.Domain;
using Aiguillage.Domain.Territories;

namespace Aiguillage.Domain.Tests.Territories;

public sealed class InseeCodeTests
{
    [Theory]
    [InlineData("42218", "42")]
    [InlineData("32013", "32")]
    [InlineData("2A004", "2A")]
    [InlineData("2B033", "2B")]
    [InlineData("97411", "974")]
    [InlineData("97502", "975")]
    [InlineData("98818", "988")]
    public void The_department_is_read_from_the_commune_code(string commune, string department) =>
        Assert.Equal(department, InseeCode.DepartmentOf(commune));

    [Theory]
    [InlineData("4221")]
    [InlineData("2C004")]
    [InlineData("ABCDE")]
    [InlineData("422180")]
    [InlineData("")]
    public void Malformed_codes_are_refused(string code)
    {
        Assert.False(InseeCode.IsValid(code));
        Assert.Throws<DomainException>(() => InseeCode.DepartmentOf(code));
    }
}
