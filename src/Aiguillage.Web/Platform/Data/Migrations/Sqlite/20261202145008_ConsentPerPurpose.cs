using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsentPerPurpose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "Referrals",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactFirstName",
                table: "Referrals",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPhone",
                table: "Referrals",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            // Issue 16 §4–6, the data as the new rules read it. (1) An open referral sharing the contact keeps a copy of it,
            // the details the partner saw until now. (2) A « follow-up » consent recorded by a referral under the sharing
            // text was never a follow-up consent: withdrawn by the system, and the office's copy of the details erased.
            // (3) A referral whose sharing was withdrawn while open ends as withdrawn, out of every list of things to do.
            migrationBuilder.Sql("""
                UPDATE "Referrals" SET
                    "ContactFirstName" = (SELECT c."FirstName" FROM "Clients" c WHERE c."Id" = "Referrals"."ClientId"),
                    "ContactPhone" = (SELECT c."Phone" FROM "Clients" c WHERE c."Id" = "Referrals"."ClientId"),
                    "ContactEmail" = (SELECT c."Email" FROM "Clients" c WHERE c."Id" = "Referrals"."ClientId")
                WHERE "ConsentGivenAt" IS NOT NULL AND "ConsentWithdrawnAt" IS NULL AND "Status" NOT IN ('Completed', 'Declined', 'Abandoned');
                """);
            migrationBuilder.Sql("""
                UPDATE "ClientConsents" SET "WithdrawnAt" = CURRENT_TIMESTAMP, "WithdrawnBy" = 'systeme'
                WHERE "TextVersion" LIKE 'partage-partenaire%' AND "WithdrawnAt" IS NULL;
                """);
            migrationBuilder.Sql("""
                UPDATE "Clients" SET "FirstName" = NULL, "Phone" = NULL, "Email" = NULL
                WHERE NOT EXISTS (SELECT 1 FROM "ClientConsents" k WHERE k."ClientId" = "Clients"."Id" AND k."WithdrawnAt" IS NULL);
                """);
            migrationBuilder.Sql("""
                UPDATE "Referrals" SET "Status" = 'Withdrawn', "StatusChangedAt" = "ConsentWithdrawnAt"
                WHERE "ConsentWithdrawnAt" IS NOT NULL AND "Status" NOT IN ('Completed', 'Declined', 'Abandoned', 'Withdrawn');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ContactFirstName",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ContactPhone",
                table: "Referrals");
        }
    }
}
