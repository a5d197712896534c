/**
 * The {@code seed} command: picocli commands that parse their options, call seed-core and
 * seed-fixtures, and print results (aligned text, or one JSON document with {@code --json}).
 */
package io.tenantseed.cli;
