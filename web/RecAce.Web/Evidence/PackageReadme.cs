namespace RecAce.Web.Evidence;

/// <summary>The README of an evidence package: how to verify it, in Japanese first, then English.</summary>
internal static class PackageReadme
{
    public static string Text(Guid callId, string recordingFile, string exportedAtJst, string exportedBy) => $"""
        RecAce 証拠パッケージ / evidence package
        通話 / call: {callId}
        作成 / exported: {exportedAtJst} (JST)  作成者 / by: {exportedBy}

        ■ 日本語

        このパッケージには、保存されたままの録音 ({recordingFile})、反訳（テキスト・JSON・PDF）、
        通話のメタデータ (metadata.json)、完全性チェーンの証明 (chain/)、この通話へのアクセス記録
        (custody-log.json) が含まれています。

        検証の手順:
        1. ファイルが改変されていないこと: このフォルダで
             sha256sum -c SHA256SUMS
           を実行し、すべて「OK」であることを確認します（Windows では recace verify-package を使います）。
        2. 録音が封印時のものであり、チェーンが署名済みチェックポイントにつながること:
             recace verify-package <このZIPファイル> --public-key <サーバーの公開鍵.pem>
           公開鍵は、パッケージとは別の経路（管理画面の「完全性検証」ページ、またはサーバーの
           evidence-key.pub.pem）で入手したものを指定してください。終了コード 0 で、すべての行が ok なら正常です。
        3. 署名だけを OpenSSL で確かめる場合:
             openssl dgst -sha256 -verify chain/public-key.pem -signature chain/checkpoint.sig chain/checkpoint.txt
           「Verified OK」と表示されれば、チェックポイントはサーバーの鍵で署名されています。
        4. chain/checkpoint.tsr がある場合は RFC 3161 タイムスタンプです:
             openssl ts -verify -data chain/checkpoint.txt -in chain/checkpoint.tsr -CAfile <TSAの証明書>

        chain/proof.json の各エントリのハッシュは SHA-256("recace-chain-v1\n" + 前のハッシュ + "\n" +
        各項目を「文字数:値\n」で連結したもの) です。最初のエントリは録音の SHA-256 と metadata.json の
        fingerprint のダイジェストを含み、最後のエントリのハッシュが署名済みチェックポイントの head です。

        ■ English

        This package holds the recording exactly as stored ({recordingFile}), the transcript (text,
        JSON and PDF), the call's metadata (metadata.json), the integrity chain proof (chain/) and the
        custody log of every access to this call (custody-log.json).

        To verify it:
        1. Nothing was altered: in this folder run
             sha256sum -c SHA256SUMS
           and check that every line says OK (on Windows use recace verify-package).
        2. The recording is the one sealed, and the chain links it to a signed checkpoint:
             recace verify-package <this zip> --public-key <the server's public key .pem>
           Take the public key from a separate channel (the admin's Integrity page, or
           evidence-key.pub.pem on the server). Exit code 0 with every line "ok" means intact.
        3. To check the signature alone with OpenSSL:
             openssl dgst -sha256 -verify chain/public-key.pem -signature chain/checkpoint.sig chain/checkpoint.txt
           "Verified OK" means the checkpoint was signed by the server's key.
        4. chain/checkpoint.tsr, when present, is an RFC 3161 time-stamp of chain/checkpoint.txt:
             openssl ts -verify -data chain/checkpoint.txt -in chain/checkpoint.tsr -CAfile <the TSA's certificate>

        Each entry hash in chain/proof.json is SHA-256("recace-chain-v1\n" + previous hash + "\n" + each
        field as "length:value\n"). The first entry holds the recording's SHA-256 and the digest of the
        fingerprint in metadata.json; the last entry's hash is the signed checkpoint's head.

        """;
}
