package com.provisioningops.adapter.graph;

import java.nio.charset.StandardCharsets;

/**
 * The Graph paths {@code $batch} items GET, relative to the version root, written as the SDK's URI
 * templates expand them (each id percent-encoded as one path segment) without expanding a template
 * per item: at thousands of jobs a poll, the expansion was a tenth of the poll's CPU (ADR 0011).
 */
final class GraphPaths {
  private GraphPaths() {}

  /** {@code /servicePrincipals/{sp}/synchronization/jobs/{jobId}}: one job. */
  static String job(String servicePrincipalId, String jobId) {
    return jobs(servicePrincipalId) + "/" + segment(jobId);
  }

  /** {@code /servicePrincipals/{sp}/synchronization/jobs?$select=id}: the ids of its jobs. */
  static String jobIds(String servicePrincipalId) {
    return jobs(servicePrincipalId) + "?%24select=id";
  }

  private static String jobs(String servicePrincipalId) {
    return "/servicePrincipals/" + segment(servicePrincipalId) + "/synchronization/jobs";
  }

  /** Percent-encodes all but letters, digits, '-', '.', '_' and '*', as the SDK's templates do. */
  static String segment(String value) {
    StringBuilder out = null;
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean unreserved =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '.'
              || b == '_'
              || b == '*';
      if (unreserved) {
        if (out != null) {
          out.append((char) b);
        }
      } else {
        if (out == null) {
          out = new StringBuilder(value.length() + 8);
          out.append(new String(bytes, 0, i, StandardCharsets.UTF_8));
        }
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out == null ? value : out.toString();
  }
}
