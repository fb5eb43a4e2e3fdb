package io.relstream.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a dataset's tables into the tables loaded up front and the timed tables, and sorts the
 * valid rows of the timed tables into replay order: by order time, then parents before children,
 * then file order.
 *
 * <p>A table is timed when it has a time column, a resolvable time_via, or a foreign key to a
 * timed table. A row's order time is the later of its own event time and the order times of the
 * timed rows it references, so every referenced row is inserted before it. A row without event
 * time (a NULL time value, or a timed table that only inherits a time) whose parents have none
 * either sorts after all rows with one.
 */
final class ReplayOrder {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayOrder.class);

  private ReplayOrder() {}

  /** Returns the names of the tables whose rows are replayed, given {@code plans} in parents-first order. */
  static Set<String> timedTables(List<TablePlan> plans) {
    Map<String, TablePlan> byName = byName(plans);
    Set<String> timed = new LinkedHashSet<>();
    for (TablePlan plan : plans) {
      boolean hasOwnTime = plan.spec().timeColumn() != null || TimeVia.resolve(plan, byName) != null;
      boolean referencesTimed = plan.spec().foreignKeys().values().stream().anyMatch(timed::contains);
      if (hasOwnTime || referencesTimed) {
        timed.add(plan.name());
      }
    }
    return timed;
  }

  /**
   * Returns the valid rows of the timed tables in replay order.
   *
   * @param plans every table of the replay, parents first
   * @param validRows the valid rows per table in file order, for every table of {@code plans}
   */
  static List<ReplayRow> sort(List<TablePlan> plans, Map<String, List<String[]>> validRows) {
    Map<String, TablePlan> byName = byName(plans);
    Set<String> timed = timedTables(plans);
    Map<String, Map<Object, EventTime>> orderTimesByTable = new HashMap<>();
    List<ReplayRow> rows = new ArrayList<>();
    for (int rank = 0; rank < plans.size(); rank++) {
      TablePlan plan = plans.get(rank);
      if (!timed.contains(plan.name())) {
        continue;
      }
      TimeVia via = TimeVia.resolve(plan, byName);
      Map<Object, EventTime> viaTimes = via == null ? Map.of() : via.timesByParentKey(validRows.get(via.parent().name()));
      Map<Object, EventTime> ownOrderTimes = orderTimesByTable.computeIfAbsent(plan.name(), name -> new HashMap<>());
      List<String[]> tableRows = validRows.get(plan.name());
      for (int index = 0; index < tableRows.size(); index++) {
        String[] values = tableRows.get(index);
        EventTime eventTime = ownTime(plan, via, viaTimes, values);
        EventTime orderTime = laterOfParents(plan, values, timed, orderTimesByTable, eventTime);
        if (plan.spec().primaryKey().size() == 1) {
          int keyIndex = plan.primaryKeyIndexes()[0];
          ownOrderTimes.put(plan.types().get(keyIndex).parse(values[keyIndex]), orderTime);
        }
        // A table without a time of its own reports the time that it inherits from its parents.
        rows.add(new ReplayRow(plan, values, rank, index, eventTime == null ? orderTime : eventTime, orderTime));
      }
    }
    rows.sort(Comparator.comparing(ReplayRow::orderTime)
        .thenComparingInt(ReplayRow::tableRank)
        .thenComparingInt(ReplayRow::fileIndex));
    return rows;
  }

  private static EventTime ownTime(TablePlan plan, TimeVia via, Map<Object, EventTime> viaTimes, String[] values) {
    String timeColumn = plan.spec().timeColumn();
    if (timeColumn != null) {
      int index = plan.indexOf(timeColumn);
      return EventTime.of(plan.types().get(index), values[index]);
    }
    if (via != null) {
      int index = plan.indexOf(via.foreignKey());
      String parentKey = values[index];
      return parentKey == null ? EventTime.UNKNOWN
          : viaTimes.getOrDefault(plan.types().get(index).parse(parentKey), EventTime.UNKNOWN);
    }
    return null;
  }

  /**
   * Returns the later of {@code ownTime} and the order times of the timed rows that the row
   * references. A null {@code ownTime} means the table has no time of its own, and then a row that
   * references no timed row gets {@link EventTime#UNKNOWN}.
   */
  private static EventTime laterOfParents(TablePlan plan, String[] values, Set<String> timed,
      Map<String, Map<Object, EventTime>> orderTimesByTable, EventTime ownTime) {
    EventTime result = ownTime;
    for (Map.Entry<String, String> foreignKey : plan.spec().foreignKeys().entrySet()) {
      int index = plan.indexOf(foreignKey.getKey());
      if (!timed.contains(foreignKey.getValue()) || values[index] == null) {
        continue;
      }
      Object parentKey = plan.types().get(index).parse(values[index]);
      EventTime parentTime = orderTimesByTable.get(foreignKey.getValue()).get(parentKey);
      if (parentTime != null) {
        result = result == null ? parentTime : EventTime.max(result, parentTime);
      }
    }
    return result == null ? EventTime.UNKNOWN : result;
  }

  private static Map<String, TablePlan> byName(List<TablePlan> plans) {
    Map<String, TablePlan> byName = new HashMap<>();
    plans.forEach(plan -> byName.put(plan.name(), plan));
    return byName;
  }

  /** A table's time_via, {@code fkColumn->table.column}, resolved against the loaded tables. */
  record TimeVia(String foreignKey, TablePlan parent, int parentColumn) {

    /** Returns the resolved time_via of {@code plan}, or null when it has none or it names no loaded column. */
    static TimeVia resolve(TablePlan plan, Map<String, TablePlan> byName) {
      String text = plan.spec().timeVia();
      if (text == null) {
        return null;
      }
      // DatasetSchema.read has checked the form fkColumn->table.column.
      String foreignKey = text.substring(0, text.indexOf("->"));
      String target = text.substring(text.indexOf("->") + 2);
      String parentName = target.substring(0, target.indexOf('.'));
      String column = target.substring(target.indexOf('.') + 1);
      TablePlan parent = byName.get(parentName);
      if (!parentName.equals(plan.spec().foreignKeys().get(foreignKey)) || parent == null || parent.indexOf(column) < 0) {
        LOG.warn("Table {} has time_via '{}', but {} is not a foreign key to a loaded table with column {};"
            + " the replay treats the table as having no event time", plan.name(), text, foreignKey, column);
        return null;
      }
      return new TimeVia(foreignKey, parent, parent.indexOf(column));
    }

    /** Returns the event time of every valid parent row, by its parsed primary key. */
    Map<Object, EventTime> timesByParentKey(List<String[]> parentRows) {
      int keyIndex = parent.primaryKeyIndexes()[0];
      ColumnType keyType = parent.types().get(keyIndex);
      ColumnType timeType = parent.types().get(parentColumn);
      Map<Object, EventTime> times = new HashMap<>();
      for (String[] row : parentRows) {
        times.put(keyType.parse(row[keyIndex]), EventTime.of(timeType, row[parentColumn]));
      }
      return times;
    }
  }
}
