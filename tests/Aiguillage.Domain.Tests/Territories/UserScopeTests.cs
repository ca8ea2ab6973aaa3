using Aiguillage.Domain;
using Aiguillage.Domain.Territories;

namespace Aiguillage.Domain.Tests.Territories;

public sealed class UserScopeTests
{
    private static readonly OfficeLocation SaintEtienne = new(1, "42", "84");
    private static readonly OfficeLocation Lyon = new(2, "69", "84");
    private static readonly OfficeLocation Auch = new(3, "32", "76");

    [Fact]
    public void A_mediator_sees_only_their_offices()
    {
        var scope = UserScope.ForOffices([1, 3]);
        Assert.True(scope.CanSeeOffice(SaintEtienne));
        Assert.True(scope.CanSeeOffice(Auch));
        Assert.False(scope.CanSeeOffice(Lyon));
        Assert.False(scope.CanSeePartner(1));
        Assert.False(scope.CanSeeDepartment("42", "84"));
    }

    [Theory]
    [InlineData(TerritoryLevel.Department, "42", new[] { true, false, false })]
    [InlineData(TerritoryLevel.Region, "84", new[] { true, true, false })]
    [InlineData(TerritoryLevel.Office, "3", new[] { false, false, true })]
    [InlineData(TerritoryLevel.Nation, null, new[] { true, true, true })]
    public void A_manager_sees_the_offices_inside_their_territory(TerritoryLevel level, string? code, bool[] expected)
    {
        var scope = UserScope.ForTerritory(level, code);
        Assert.Equal(expected, new[] { SaintEtienne, Lyon, Auch }.Select(scope.CanSeeOffice));
    }

    [Fact]
    public void A_region_manager_sees_its_departments_but_a_department_manager_not_its_region()
    {
        var region = UserScope.ForTerritory(TerritoryLevel.Region, "84");
        var department = UserScope.ForTerritory(TerritoryLevel.Department, "42");
        Assert.True(region.CanSeeDepartment("42", "84"));
        Assert.False(region.CanSeeDepartment("32", "76"));
        Assert.True(region.CanSeeRegion("84"));
        Assert.True(department.CanSeeDepartment("42", "84"));
        Assert.False(department.CanSeeDepartment("69", "84"));
        Assert.False(department.CanSeeRegion("84"));
    }

    [Fact]
    public void Partner_staff_see_their_organisation_and_no_office()
    {
        var scope = UserScope.ForPartner(7);
        Assert.True(scope.CanSeePartner(7));
        Assert.False(scope.CanSeePartner(8));
        Assert.False(scope.CanSeeOffice(SaintEtienne));
    }

    [Fact]
    public void Nobody_sees_nothing_and_the_nation_sees_everything()
    {
        Assert.False(UserScope.Nobody.CanSeeOffice(SaintEtienne));
        Assert.False(UserScope.Nobody.CanSeePartner(1));
        Assert.True(UserScope.Nation.CanSeeOffice(Auch));
        Assert.True(UserScope.Nation.CanSeePartner(1));
        Assert.True(UserScope.Nation.CanSeeRegion("76"));
    }

    [Fact]
    public void A_territory_below_the_nation_needs_its_code()
    {
        var error = Assert.Throws<DomainException>(() => UserScope.ForTerritory(TerritoryLevel.Department, " "));
        Assert.Equal("scope.code-required", error.Code);
    }
}
