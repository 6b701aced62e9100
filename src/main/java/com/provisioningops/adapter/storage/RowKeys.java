package com.provisioningops.adapter.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Makes any string safe as a PartitionKey or RowKey, which may not contain / \ # ? or controls. */
final class RowKeys {
  private RowKeys() {}

  static String escape(String key) {
    boolean safe =
        key.chars()
            .noneMatch(
                c ->
                    c == '/'
                        || c == '\\'
                        || c == '#'
                        || c == '?'
                        || c < 0x20
                        || (c >= 0x7f && c <= 0x9f));
    if (safe && key.length() <= 512) {
      return key;
    }
    return "b64-"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }
}
