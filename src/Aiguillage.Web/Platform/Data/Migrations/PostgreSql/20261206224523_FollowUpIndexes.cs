using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FollowUpIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Referrals_DiagnosticId",
                table: "Referrals",
                column: "DiagnosticId");

            migrationBuilder.CreateIndex(
                name: "IX_ClientVisits_DraftId",
                table: "ClientVisits",
                column: "DraftId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_DiagnosticId",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_ClientVisits_DraftId",
                table: "ClientVisits");
        }
    }
}
