import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TIMELINE_KINDS } from '@app/read-models';

/**
 * One entry of the customer file's timeline. `kind` and its values are what a client words in its
 * own language; `summary` is the same fact as one English line, unchanged since the first version of
 * the file. Which values come with which kind is listed per field.
 */
export class CustomerTimelineEntryDto {
  @ApiProperty({ description: 'Business time of the fact (ISO 8601)' }) at: string;
  @ApiProperty({ description: 'The event type, e.g. OrderPlaced' }) type: string;
  @ApiProperty({ description: 'Global log position of the event' }) position: number;
  @ApiProperty({ description: 'The fact as one English line, e.g. "Order o-1 placed: 401.00"' }) summary: string;
  @ApiProperty({ enum: TIMELINE_KINDS, description: 'What happened; each kind comes with the values listed below (new kinds may be added)' }) kind: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'registered: the lead the customer was won from' }) fromLeadId?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'profile_updated: the names of the fields changed (never their values)' }) changedFields?: string[];
  @ApiPropertyOptional({ description: 'credit_assessed: the rating (A–D)' }) rating?: string;
  @ApiPropertyOptional({ description: 'credit_assessed: the credit limit' }) creditLimit?: number;
  @ApiPropertyOptional({ description: 'contract_signed' }) contractId?: string;
  @ApiPropertyOptional({ description: 'contract_signed: the contract title' }) title?: string;
  @ApiPropertyOptional({ description: 'contract_signed, order_placed, payment_received, return_recorded, discount_granted, referral_reward_owed, referral_reward_paid' }) amount?: number;
  @ApiPropertyOptional({ description: 'order_placed, return_recorded' }) orderId?: string;
  @ApiPropertyOptional({ description: 'payment_received' }) paymentId?: string;
  @ApiPropertyOptional({ description: 'payment_received: the payment method; identity_verified: the verification method' }) method?: string;
  @ApiPropertyOptional({ description: 'return_recorded' }) returnId?: string;
  @ApiPropertyOptional({ description: 'discount_granted' }) discountId?: string;
  @ApiPropertyOptional({ description: 'identity_verified: the day by which the identity is checked again' }) reverifyBy?: string;
  @ApiPropertyOptional({ description: 'class_changed: the class before' }) from?: string;
  @ApiPropertyOptional({ description: 'class_changed: the class after' }) to?: string;
  @ApiPropertyOptional({ description: 'referral_reward_owed, referral_reward_paid' }) rewardId?: string;
  @ApiPropertyOptional({ description: 'referral_reward_owed: the lead whose sale earned the reward' }) referredLeadId?: string;
}
