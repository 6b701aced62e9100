package com.provisioningops.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.provisioningops.functions.OperationCatalog;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every function class is wired and catalogued, so none is missing from the host or the definition.
 */
class WiringTest {

  private static Set<Class<?>> classesWithFunctions() {
    Set<Class<?>> found = new HashSet<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.provisioningops.functions")) {
      for (Method m : type.reflect().getMethods()) {
        if (m.isAnnotationPresent(FunctionName.class)) {
          found.add(type.reflect());
        }
      }
    }
    return found;
  }

  @Test
  void everyClassWithFunctionsIsCatalogued() {
    assertThat(new HashSet<>(OperationCatalog.FUNCTION_CLASSES)).isEqualTo(classesWithFunctions());
  }

  @Test
  void everyCataloguedClassHasAnInstance() {
    Wiring wiring =
        new Wiring(
            AppSettings.from(
                Map.of(
                    "AzureWebJobsStorage", "UseDevelopmentStorage=true",
                    "GRAPH_BASE_URL", "http://127.0.0.1:9/v1.0",
                    "GRAPH_AUTH", "none")));

    for (Class<?> type : OperationCatalog.FUNCTION_CLASSES) {
      assertThat(wiring.instance(type)).as(type.getSimpleName()).isInstanceOf(type);
    }
  }
}
