import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'mesa' }) @IsString() @Length(1, 50) username: string;
  @ApiProperty({ example: 'mesa-dev-2026' }) @IsString() @Length(1, 200) password: string;
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
}
