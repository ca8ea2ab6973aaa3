using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RediagnosedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RediagnosisId",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "Outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "EraseAfterSending",
                table: "Outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "EmailStoppedAt",
                table: "Clients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SmsStoppedAt",
                table: "Clients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FollowUps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TokenExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InvitedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InvitedBySms = table.Column<bool>(type: "INTEGER", nullable: false),
                    InvitedByEmail = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attended = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Helps = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUps_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUps_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUps_Referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LevelJudgements",
                columns: table => new
                {
                    DiagnosticId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    JudgedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    JudgedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LevelJudgements", x => x.DiagnosticId);
                    table.ForeignKey(
                        name: "FK_LevelJudgements_Diagnostics_DiagnosticId",
                        column: x => x.DiagnosticId,
                        principalTable: "Diagnostics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_DiagnosticId",
                table: "Referrals",
                column: "DiagnosticId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_RediagnosisId",
                table: "Referrals",
                column: "RediagnosisId");

            migrationBuilder.CreateIndex(
                name: "IX_Diagnostics_ReceivedAt",
                table: "Diagnostics",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ClientVisits_DraftId",
                table: "ClientVisits",
                column: "DraftId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_ClientId",
                table: "FollowUps",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_OfficeId_ClosedAt",
                table: "FollowUps",
                columns: new[] { "OfficeId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_ReferralId",
                table: "FollowUps",
                column: "ReferralId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_TokenHash",
                table: "FollowUps",
                column: "TokenHash",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Referrals_Diagnostics_RediagnosisId",
                table: "Referrals",
                column: "RediagnosisId",
                principalTable: "Diagnostics",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Referrals_Diagnostics_RediagnosisId",
                table: "Referrals");

            migrationBuilder.DropTable(
                name: "FollowUps");

            migrationBuilder.DropTable(
                name: "LevelJudgements");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_DiagnosticId",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_RediagnosisId",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Diagnostics_ReceivedAt",
                table: "Diagnostics");

            migrationBuilder.DropIndex(
                name: "IX_ClientVisits_DraftId",
                table: "ClientVisits");

            migrationBuilder.DropColumn(
                name: "RediagnosedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "RediagnosisId",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "EraseAfterSending",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "EmailStoppedAt",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "SmsStoppedAt",
                table: "Clients");
        }
    }
}
