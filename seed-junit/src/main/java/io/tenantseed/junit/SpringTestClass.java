package io.tenantseed.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
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
  private static final String AUTOWIRED = "org.springframework.beans.factory.annotation.Autowired";
  private static final String TEST_CONSTRUCTOR = "org.springframework.test.context.TestConstructor";
  private static final String AUTOWIRE_MODE = "spring.test.constructor.autowire.mode";

  private SpringTestClass() {}

  /**
   * True when Spring's TestContext is on the test class's class path and seed-junit's (which
   * {@link SpringDatabase} links against) and the class, or a
   * class it is an inner ({@code @Nested}) class of, extends with {@code SpringExtension}:
   * by {@code @ExtendWith}, directly or through an annotation such as
   * {@code @SpringJUnitConfig} or {@code @SpringBootTest}, or in a {@code @RegisterExtension}
   * field (a static one by its value's class, an instance one by its declared type).
   */
  static boolean runsWithSpring(Class<?> testClass) {
    if (!present(SPRING_EXTENSION, testClass.getClassLoader())
        || !present(SPRING_EXTENSION, SpringTestClass.class.getClassLoader())) {
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
      for (Object value : AnnotationSupport.findAnnotatedFieldValues(type, RegisterExtension.class)) {
        if (value != null && isSpringExtension(value.getClass())) {
          return true;
        }
      }
      for (Field field : AnnotationSupport.findAnnotatedFields(type, RegisterExtension.class)) {
        if (!Modifier.isStatic(field.getModifiers()) && isSpringExtension(field.getType())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether SpringExtension resolves {@code parameter} of a class that runs with it: one with
   * an {@code org.springframework} annotation ({@code @Autowired}, {@code @Qualifier},
   * {@code @Value}, ...), or one of a constructor Spring autowires ({@code @Autowired} on it,
   * {@code @TestConstructor(autowireMode = ALL)} on the class, or the JUnit configuration
   * parameter {@code spring.test.constructor.autowire.mode=all}).
   */
  static boolean resolvesParameter(Parameter parameter, ExtensionContext context) {
    if (springAnnotated(parameter, new HashSet<>())) {
      return true;
    }
    if (!(parameter.getDeclaringExecutable() instanceof Constructor<?> constructor)) {
      return false;
    }
    if (annotated(constructor, AUTOWIRED, new HashSet<>()) != null) {
      return true;
    }
    for (Class<?> type = constructor.getDeclaringClass(); type != null; type = type.getEnclosingClass()) {
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        Annotation testConstructor = annotated(c, TEST_CONSTRUCTOR, new HashSet<>());
        if (testConstructor != null) {
          return "ALL".equals(autowireMode(testConstructor));
        }
      }
    }
    return context.getConfigurationParameter(AUTOWIRE_MODE).map(mode -> mode.trim().equalsIgnoreCase("all")).orElse(false);
  }

  private static boolean springAnnotated(AnnotatedElement element, Set<Class<?>> seen) {
    for (Annotation annotation : element.getAnnotations()) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (type.getName().startsWith("org.springframework.")) {
        return true;
      }
      if (!type.getName().startsWith("java.") && seen.add(type) && springAnnotated(type, seen)) {
        return true;
      }
    }
    return false;
  }

  /** The annotation named {@code name} on {@code element}, directly or as a meta-annotation, or null. */
  private static Annotation annotated(AnnotatedElement element, String name, Set<Class<?>> seen) {
    for (Annotation annotation : element.getAnnotations()) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (type.getName().equals(name)) {
        return annotation;
      }
      if (!type.getName().startsWith("java.") && seen.add(type)) {
        Annotation meta = annotated(type, name, seen);
        if (meta != null) {
          return meta;
        }
      }
    }
    return null;
  }

  private static String autowireMode(Annotation testConstructor) {
    try {
      return String.valueOf(testConstructor.annotationType().getMethod("autowireMode").invoke(testConstructor));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "";
    }
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
