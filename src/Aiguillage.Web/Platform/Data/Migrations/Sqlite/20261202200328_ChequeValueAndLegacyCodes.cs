using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChequeValueAndLegacyCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Value",
                table: "Cheques",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Each cheque's value, before the unique index (issue 16 §8).
            migrationBuilder.Sql("""UPDATE "Cheques" SET "Value" = CAST("Number" AS INTEGER);""");

            // Cheques handed out before check codes existed get one (issue 16 §10): a number alone never redeems a
            // cheque. The office page shows it, for the office to tell the client or the partner (ADR 0017).
            migrationBuilder.Sql("""UPDATE "Cheques" SET "CheckCode" = substr('ACDEFGHJKMNPQRTUVWXY234679', (abs(random()) % 26) + 1, 1) || substr('ACDEFGHJKMNPQRTUVWXY234679', (abs(random()) % 26) + 1, 1) || substr('ACDEFGHJKMNPQRTUVWXY234679', (abs(random()) % 26) + 1, 1) || substr('ACDEFGHJKMNPQRTUVWXY234679', (abs(random()) % 26) + 1, 1) || substr('ACDEFGHJKMNPQRTUVWXY234679', (abs(random()) % 26) + 1, 1) || substr('ACDEFGHJKMNPQRTUVWXY234679', (abs(random()) % 26) + 1, 1) WHERE "Status" = 'Issued' AND "CheckCode" IS NULL;""");

            migrationBuilder.CreateIndex(
                name: "IX_Cheques_Value",
                table: "Cheques",
                column: "Value",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cheques_Value",
                table: "Cheques");

            migrationBuilder.DropColumn(
                name: "Value",
                table: "Cheques");
        }
    }
}
