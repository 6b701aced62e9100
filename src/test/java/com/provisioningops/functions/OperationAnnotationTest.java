package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every HTTP function documents itself, so the connector definition can be generated. */
class OperationAnnotationTest {
  private static final List<Method> httpFunctions = new ArrayList<>();

  @BeforeAll
  static void findHttpFunctions() {
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.provisioningops.functions")) {
      for (Method m : type.reflect().getMethods()) {
        boolean http =
            Arrays.stream(m.getParameters())
                .anyMatch((Parameter p) -> p.isAnnotationPresent(HttpTrigger.class));
        if (m.isAnnotationPresent(FunctionName.class) && http) {
          httpFunctions.add(m);
        }
      }
    }
    assertThat(httpFunctions).as("HTTP functions found").isNotEmpty();
  }

  @Test
  void everyHttpFunctionCarriesAnOperation() {
    assertThat(httpFunctions)
        .allSatisfy(m -> assertThat(m.getAnnotation(Operation.class)).as(m.toString()).isNotNull());
  }

  @Test
  void operationIdsAreUniquePascalCase() {
    Set<String> ids = new HashSet<>();
    for (Method m : httpFunctions) {
      String id = m.getAnnotation(Operation.class).id();
      assertThat(id).as(m.toString()).matches("[A-Z][A-Za-z0-9]+");
      assertThat(ids.add(id)).as("duplicate operationId " + id).isTrue();
    }
  }

  @Test
  void summariesFitTheConnectorRules() {
    for (Method m : httpFunctions) {
      Operation op = m.getAnnotation(Operation.class);
      assertThat(op.summary()).as(op.id()).hasSizeLessThanOrEqualTo(80).doesNotContain("/");
      assertThat(op.description()).as(op.id()).endsWith(".");
    }
  }
}
