package com.provisioningops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.SharedReference;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The keys the app accepts are exactly Graph's synchronizationSecret members. */
class SecretKeysTest {

  @Test
  void everyKeyIsAMemberOfGraphsEnumAndEveryMemberIsKnown() throws Exception {
    String csdl = Files.readString(SharedReference.file("graph/provisioning-v1-csdl.xml"));
    Matcher block =
        Pattern.compile("<EnumType Name=\"synchronizationSecret\">(.*?)</EnumType>", Pattern.DOTALL)
            .matcher(csdl);
    assertThat(block.find()).isTrue();
    Set<String> members = new LinkedHashSet<>();
    Matcher member = Pattern.compile("<Member Name=\"([^\"]+)\"").matcher(block.group(1));
    while (member.find()) {
      members.add(member.group(1));
    }

    assertThat(SecretKeys.ALL).containsExactlyInAnyOrderElementsOf(members);
    assertThat(members).containsAll(SecretKeys.SECRET);
  }
}
