using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Protocol;

/// <summary>
/// Hostile input inside the browser: every failure is the typed error the C# side gives, and a failed
/// decrypt leaves the session exactly as it was (compared by a digest of the whole state).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BreakItTests(BrowserFixture browser)
{
    [Fact]
    public Task RatchetMessage_AnyBitFlipped_RejectedAndStateUnchanged() => Expect("tampered_ratchet_message.js", VectorInputs.Conversation(), new JsonObject
    {
        ["version"] = "UnknownVersion",
        ["version_state_unchanged"] = true,
        ["type"] = "Malformed",
        ["type_state_unchanged"] = true,
        ["ratchet_key"] = "InvalidPublicKey",
        ["ratchet_key_state_unchanged"] = true,
        ["previous_chain_length"] = "AuthenticationFailed",
        ["previous_chain_length_state_unchanged"] = true,
        ["index"] = "AuthenticationFailed",
        ["index_state_unchanged"] = true,
        ["ciphertext"] = "AuthenticationFailed",
        ["ciphertext_state_unchanged"] = true,
        ["tag"] = "AuthenticationFailed",
        ["tag_state_unchanged"] = true,
        ["truncated"] = "Malformed",
        ["truncated_state_unchanged"] = true,
        ["untouched"] = "first reply",
        ["state_changed_after_success"] = true,
    });

    [Fact]
    public Task RatchetMessage_IndexBeyondSkipLimit_RejectedAndStateUnchanged() => Expect("too_many_skipped.js", VectorInputs.Conversation(), new JsonObject
    {
        ["index_1000"] = "AuthenticationFailed",
        ["index_1000_state_unchanged"] = true,
        ["index_1001"] = "TooManySkippedMessages",
        ["index_1001_state_unchanged"] = true,
        ["index_4294967295"] = "TooManySkippedMessages",
        ["index_4294967295_state_unchanged"] = true,
        ["skipped_keys_held"] = 0,
    });

    [Fact]
    public Task Replays_OfHandshakesAndMessages_Rejected() => Expect("replay.js", VectorInputs.Conversation(), new JsonObject
    {
        ["replayed_handshake"] = "ReplayedHandshake",
        ["replayed_in_chain"] = "DuplicateMessage",
        ["replayed_in_chain_state_unchanged"] = true,
        ["skipped_keys_after_b2"] = 1,
        ["skipped_keys_after_b1"] = 0,
        ["replayed_skipped"] = "DuplicateMessage",
        ["replayed_skipped_state_unchanged"] = true,
        ["tampered_first_message"] = "AuthenticationFailed",
        ["used_one_time_prekey"] = "UnknownPrekey",
        ["other_handshake_to_session"] = "NewSession",
    });

    [Fact]
    public Task Session_ConcurrentCallsAndHandshakeMemory_StayOrderedAndBounded() => Expect("concurrency_and_limits.js", VectorInputs.Conversation(), new JsonObject
    {
        ["concurrent_decrypts"] = new JsonArray("b2", "b1"),
        ["concurrent_draws_in_order"] = true,
        ["oldest_forgotten"] = true,
        ["second_oldest_kept"] = true,
        ["newest_kept"] = true,
    });

    [Fact]
    public Task PublicKeys_NotOnCurveOrBadlyEncoded_Rejected() => Expect("invalid_points.js", null, new JsonObject
    {
        ["generator"] = true,
        ["negated_generator"] = true,
        ["infinity"] = false,
        ["compressed"] = false,
        ["hybrid"] = false,
        ["zero_zero"] = false,
        ["x_is_p"] = false,
        ["y_is_p"] = false,
        ["off_curve"] = false,
        ["too_short"] = false,
        ["too_long"] = false,
        ["identity_parse"] = "InvalidPublicKey",
        ["sealed_ephemeral"] = "InvalidPublicKey",
        ["agree"] = "TypeError",
    });

    [Fact]
    public Task RatchetHeader_InvalidRatchetKey_RejectedAndStateUnchanged() => Expect("invalid_ratchet_key.js", VectorInputs.Conversation(), new JsonObject
    {
        ["error"] = "InvalidPublicKey",
        ["state_unchanged"] = true,
    });

    [Fact]
    public Task OfflineId_Malformed_RejectedWithCSharpReasons()
    {
        var id = (string)VectorInputs.Load("identity.json")["expected"]!["identities"]![0]!["id"]!;
        return Expect("ids.js", new JsonObject { ["id"] = id }, new JsonObject
        {
            ["valid"] = id,
            ["padded_with_whitespace"] = id,
            ["empty"] = "IdMissingPrefix",
            ["no_prefix"] = "IdMissingPrefix",
            ["wrong_prefix"] = "IdMissingPrefix",
            ["upper_prefix"] = "IdMissingPrefix",
            ["zero"] = "IdInvalidCharacter",
            ["capital_o"] = "IdInvalidCharacter",
            ["capital_i"] = "IdInvalidCharacter",
            ["lower_l"] = "IdInvalidCharacter",
            ["short"] = "IdWrongLength",
            ["long"] = "IdWrongLength",
            ["only_prefix"] = "IdWrongLength",
            ["checksum"] = "IdChecksumMismatch",
        });
    }

    [Fact]
    public Task PrekeyBundle_Tampered_RejectedWithCSharpReasons() => Expect("bundle_tampering.js", new JsonObject { ["bundle"] = VectorInputs.Load("bundle.json")["expected"]!["bundle"]!.DeepClone() }, new JsonObject
    {
        ["untouched"] = "accepted",
        ["version"] = "UnknownVersion",
        ["signing_key"] = "InvalidPublicKey",
        ["signed_prekey_key"] = "InvalidPublicKey",
        ["signed_prekey_id"] = "InvalidSignature",
        ["signed_prekey_signature"] = "InvalidSignature",
        ["kem_key"] = "InvalidSignature",
        ["kem_signature"] = "InvalidSignature",
        ["one_time_signature"] = "InvalidSignature",
        ["trailing_byte"] = "Malformed",
        ["truncated"] = "Malformed",
        ["count_over_limit"] = "Malformed",
        ["wrong_id"] = "IdentityMismatch",
        ["kem_modulus"] = "InvalidPublicKey",
    });

    [Fact]
    public Task SealedEnvelope_Tampered_Rejected()
    {
        var sealedVector = VectorInputs.Load("sealed.json");
        var inputs = sealedVector["inputs"]!.DeepClone().AsObject();
        inputs["envelope"] = sealedVector["expected"]!["envelope"]!.DeepClone();
        return Expect("sealed_tampering.js", inputs, new JsonObject
        {
            ["untouched"] = "accepted",
            ["version"] = "UnknownVersion",
            ["sender_box"] = "AuthenticationFailed",
            ["content_box"] = "AuthenticationFailed",
            ["short"] = "Malformed",
            ["wrong_recipient"] = "AuthenticationFailed",
        });
    }

    [Fact]
    public Task PaddingAndContent_Hostile_RejectedWithCSharpReasons() => Expect("padding_and_content.js", null, new JsonObject
    {
        ["unpad_all_zero"] = "InvalidPadding",
        ["unpad_wrong_marker"] = "InvalidPadding",
        ["unpad_empty"] = "InvalidPadding",
        ["unpad_marker_only"] = "",
        ["pad_too_large"] = "TooLarge",
        ["pad_largest"] = 65536 - 100,
        ["content_version"] = "UnknownVersion",
        ["content_trailing"] = "Malformed",
        ["content_truncated"] = "Malformed",
        ["content_duplicate_tag"] = "Malformed",
        ["content_too_many_fields"] = "Malformed",
        ["unknown_kind"] = 42,
        ["unknown_tag_kept"] = "07",
    });

    private async Task Expect(string script, JsonNode? inputs, JsonObject expected)
    {
        var page = await browser.OpenAppAsync();
        try
        {
            var actual = await PageScript.RunAsync(page, Path.Combine("BreakIt", script), inputs);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{script}: expected\n{expected.ToJsonString()}\nbut the browser gave\n{actual.ToJsonString()}");
        }
        finally
        {
            await page.CloseAsync();
        }

        Assert.Empty(browser.ForeignRequests);
    }
}
