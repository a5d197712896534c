package io.tenantseed.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Whether a test class runs with Spring's {@code SpringExtension}, told without loading any
 * Spring class into seed-junit: only names are compared, and {@link SpringDatabase}, which
 * does use Spring, is reached only when this says yes. A project without Spring never loads
 * it.
 */
final class SpringTestClass {

  static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

  private SpringTestClass() {}

  /**
   * True when Spring's TestContext is on the test class's class path and the class, or a
   * class it is an inner ({@code @Nested}) class of, extends with {@code SpringExtension}:
   * by {@code @ExtendWith}, directly or through an annotation such as
   * {@code @SpringJUnitConfig} or {@code @SpringBootTest}, or in a {@code @RegisterExtension}
   * field.
   */
  static boolean runsWithSpring(Class<?> testClass) {
    if (!present(SPRING_EXTENSION, testClass.getClassLoader())) {
      return false;
    }
    for (Class<?> type = testClass; type != null; type = innerClassOf(type)) {
      for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)) {
        for (Class<? extends Extension> extension : extendWith.value()) {
          if (isSpringExtension(extension)) {
            return true;
          }
        }
      }
      for (Field field : AnnotationSupport.findAnnotatedFields(type, RegisterExtension.class)) {
        if (isSpringExtension(field.getType())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The class a {@code @Nested} (inner) class takes its extensions from, or null. */
  private static Class<?> innerClassOf(Class<?> type) {
    return Modifier.isStatic(type.getModifiers()) ? null : type.getEnclosingClass();
  }

  private static boolean isSpringExtension(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(SPRING_EXTENSION)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code className} loads from {@code loader}; one that cannot be linked counts as absent. */
  private static boolean present(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
