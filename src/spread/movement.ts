export interface SpreadMovement { readonly moved: number }
