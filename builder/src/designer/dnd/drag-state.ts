import type { FieldType } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Placement } from '../store/layout';

/** What is being dragged: a new field from the palette or an existing field. */
export type DragItem =
  | { kind: 'new'; type: FieldType }
  | { kind: 'field'; fieldId: string }
  /** A new section or tab group from the palette's layout group. */
  | { kind: 'container'; container: 'section' | 'tabs' }
  /** A section or tab group already on the canvas, moved with its fields. */
  | { kind: 'move-container'; containerId: string };

export interface DragState {
  active: DragItem | null;
  /** Where the item would land if dropped now; null when the spot does not accept it. */
  target: Placement | null;
  start(item: DragItem): void;
  over(target: Placement | null): void;
  /** Ends the drag (drop or cancel) and returns the last target. */
  end(): Placement | null;
}

/**
 * Transient drag state, kept out of the document store (STYLE): nothing in the definition changes
 * while dragging; the drop commits one command and a cancel just forgets the simulation.
 */
export function createDragStore(): StoreApi<DragState> {
  return createStore<DragState>()((set, get) => ({
    active: null,
    target: null,
    start: (item) => set({ active: item, target: null }),
    over: (target) => {
      const current = get().target;
      if (JSON.stringify(current) !== JSON.stringify(target)) set({ target });
    },
    end: () => {
      const { target } = get();
      set({ active: null, target: null });
      return target;
    },
  }));
}
