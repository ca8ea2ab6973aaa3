using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DigitalPass : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Agreements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Funder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    ChequeValueCents = table.Column<int>(type: "integer", nullable: false),
                    BudgetCents = table.Column<long>(type: "bigint", nullable: false),
                    MaxChequesPerClient = table.Column<int>(type: "integer", nullable: false),
                    IssuableUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    AcceptedUntil = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChequeBooks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<int>(type: "integer", nullable: false),
                    FirstNumber = table.Column<long>(type: "bigint", nullable: false),
                    LastNumber = table.Column<long>(type: "bigint", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChequeBooks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChequeBooks_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Cheques",
                columns: table => new
                {
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    AgreementId = table.Column<int>(type: "integer", nullable: false),
                    BookId = table.Column<Guid>(type: "uuid", nullable: false),
                    OfficeId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    IssuedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    RedeemedByPartnerId = table.Column<int>(type: "integer", nullable: true),
                    RedeemedAtPlaceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RedeemedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RedeemedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    VoidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cheques", x => x.Number);
                    table.ForeignKey(
                        name: "FK_Cheques_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cheques_ChequeBooks_BookId",
                        column: x => x.BookId,
                        principalTable: "ChequeBooks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cheques_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cheques_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cheques_Partners_RedeemedByPartnerId",
                        column: x => x.RedeemedByPartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cheques_Referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_DepartmentCode_Year",
                table: "Agreements",
                columns: new[] { "DepartmentCode", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_ChequeBooks_AgreementId",
                table: "ChequeBooks",
                column: "AgreementId");

            migrationBuilder.CreateIndex(
                name: "IX_ChequeBooks_FirstNumber_LastNumber",
                table: "ChequeBooks",
                columns: new[] { "FirstNumber", "LastNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_Cheques_AgreementId_Status",
                table: "Cheques",
                columns: new[] { "AgreementId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Cheques_BookId",
                table: "Cheques",
                column: "BookId");

            migrationBuilder.CreateIndex(
                name: "IX_Cheques_ClientId_AgreementId",
                table: "Cheques",
                columns: new[] { "ClientId", "AgreementId" });

            migrationBuilder.CreateIndex(
                name: "IX_Cheques_OfficeId_Status",
                table: "Cheques",
                columns: new[] { "OfficeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Cheques_RedeemedByPartnerId_RedeemedAt",
                table: "Cheques",
                columns: new[] { "RedeemedByPartnerId", "RedeemedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Cheques_ReferralId",
                table: "Cheques",
                column: "ReferralId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Cheques");

            migrationBuilder.DropTable(
                name: "ChequeBooks");

            migrationBuilder.DropTable(
                name: "Agreements");
        }
    }
}
